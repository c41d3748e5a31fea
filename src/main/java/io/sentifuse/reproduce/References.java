package io.sentifuse.reproduce;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The published numbers set beside ours ({@code experiments/paper/references.yaml}): per source (the paper, the
 * course project, the community's published results) the protocol its figures compare with and a figure per row.
 *
 * @param citations source name to its citation
 * @param sources   source name to its figures
 */
public record References(Map<String, String> citations, Map<String, Source> sources) {

    /** The file in the repository. */
    public static final Path FILE = Path.of("experiments", "paper", "references.yaml");

    /**
     * One source's figures.
     *
     * @param protocol {@code paper} or {@code standard}: which of our protocols its figures compare with
     * @param rows     row name (our model name where there is one) to its figures
     */
    public record Source(String protocol, Map<String, Figure> rows) {
    }

    /**
     * A published figure, in percent.
     *
     * @param acc  accuracy
     * @param wf1  weighted F1, or null when not published
     * @param note how it was obtained, when not plain
     */
    public record Figure(double acc, Double wf1, String note) {
    }

    /** Reads {@code file}; a malformed file is bad input naming the key. */
    @SuppressWarnings("unchecked")
    public static References read(Path file) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UserInputException("cannot read the reference numbers " + file + ": " + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?> root) || !(root.get("sources") instanceof Map<?, ?> cites)) {
            throw new UserInputException(file + ": expected 'sources' and one section per source");
        }
        Map<String, String> citations = new LinkedHashMap<>();
        cites.forEach((k, v) -> citations.put(String.valueOf(k), String.valueOf(v)));
        Map<String, Source> sources = new LinkedHashMap<>();
        for (String name : citations.keySet()) {
            if (!(root.get(name) instanceof Map<?, ?> section) || !(section.get("rows") instanceof Map<?, ?> rows)) {
                throw new UserInputException(file + ": source '" + name + "' needs a section with 'protocol' and 'rows'");
            }
            Map<String, Figure> figures = new LinkedHashMap<>();
            for (Map.Entry<?, ?> row : rows.entrySet()) {
                if (!(row.getValue() instanceof Map<?, ?> f) || !(f.get("acc") instanceof Number acc)) {
                    throw new UserInputException(file + ": " + name + "." + row.getKey() + " needs an 'acc' number");
                }
                Double wf1 = f.get("wf1") instanceof Number n ? n.doubleValue() : null;
                figures.put(String.valueOf(row.getKey()), new Figure(acc.doubleValue(), wf1,
                        f.get("note") == null ? null : String.valueOf(f.get("note"))));
            }
            sources.put(name, new Source(String.valueOf(section.get("protocol")), figures));
        }
        return new References(citations, sources);
    }

    /** A source's figure for {@code row}, or null. */
    public Figure figure(String source, String row) {
        Source s = sources.get(source);
        return s == null ? null : s.rows().get(row);
    }
}
