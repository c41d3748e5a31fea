package io.sentifuse.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.config.DataConfig.SplitProtocol;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.AtomicFiles;
import io.sentifuse.files.Checksums;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A division of a dataset's pairs into named parts (ids per part), made by a protocol from a seed
 * ({@link SplitMaker}) or read back from a split file. The file is JSON with a fixed layout (fixed key
 * order, one id per line, LF line ends), so the same dataset, protocol and seed give byte-identical files,
 * and its SHA-256 ({@link #sha256()}) identifies the split in a run's provenance.
 */
public final class Split {

    public static final String TRAIN = "train";
    public static final String VAL = "val";
    public static final String DEV = "dev";
    public static final String TEST = "test";

    /** Layout version of split files. */
    public static final int FILE_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Split.class);
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private final SplitProtocol protocol;
    private final long seed;
    private final String format;
    private final String datasetChecksum;
    private final Map<String, List<String>> parts;
    private final byte[] bytes;
    private final Path source;

    private Split(SplitProtocol protocol, long seed, String format, String datasetChecksum,
                  Map<String, List<String>> parts, byte[] bytes, Path source) {
        this.protocol = protocol;
        this.seed = seed;
        this.format = format;
        this.datasetChecksum = datasetChecksum;
        this.parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        this.bytes = bytes;
        this.source = source;
    }

    /** The split of {@code dataset}'s usable pairs by {@code protocol} from {@code seed}. */
    public static Split create(Dataset dataset, SplitProtocol protocol, long seed, String datasetChecksum) {
        if (dataset.items().isEmpty()) {
            throw new UserInputException("dataset " + dataset.path() + " has no usable pairs to split");
        }
        Map<String, List<String>> parts = SplitMaker.make(dataset.items(), protocol, seed);
        return new Split(protocol, seed, dataset.format(), datasetChecksum, parts,
                render(protocol, seed, dataset.format(), datasetChecksum, parts), null);
    }

    /**
     * The split a run uses: the file {@code splitFile} when given (checked against {@code dataset}),
     * else a new one by {@code protocol} from {@code seed}.
     */
    public static Split forRun(String splitFile, SplitProtocol protocol, long seed, Dataset dataset,
                               String datasetChecksum) {
        if (splitFile == null || splitFile.isBlank()) {
            return create(dataset, protocol, seed, datasetChecksum);
        }
        Split split = read(Path.of(splitFile));
        split.resolve(dataset);
        if (!split.datasetChecksum.equals(datasetChecksum)) {
            LOG.warn("split {} was made for dataset checksum {}, but {} has {}: every id still exists, so it is used",
                    splitFile, split.datasetChecksum, dataset.path(), datasetChecksum);
        }
        return split;
    }

    public SplitProtocol protocol() {
        return protocol;
    }

    public long seed() {
        return seed;
    }

    public String format() {
        return format;
    }

    public String datasetChecksum() {
        return datasetChecksum;
    }

    /** Part name to ids, in the protocol's part order. */
    public Map<String, List<String>> parts() {
        return parts;
    }

    /** The part that selects the best epoch: {@value #VAL} (paper protocol) or {@value #DEV} (standard). */
    public String validationPart() {
        return parts.containsKey(VAL) ? VAL : DEV;
    }

    /** The ids of {@code part}; an unknown part name is bad input. */
    public List<String> ids(String part) {
        List<String> ids = parts.get(part);
        if (ids == null) {
            throw new UserInputException("split" + (source == null ? "" : " " + source) + " has no part '" + part
                    + "': its parts are " + String.join(", ", parts.keySet()));
        }
        return ids;
    }

    /** The file's bytes (exactly what {@link #write} writes). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** SHA-256 of the split file: what a run's provenance records. */
    public String sha256() {
        return Checksums.sha256(bytes);
    }

    /** Writes the split file atomically. */
    public void write(Path file) {
        AtomicFiles.writeBytes(file, bytes);
    }

    /** The provenance section for a run that uses this split. */
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("file", source == null ? null : source.toString());
        p.put("sha256", sha256());
        p.put("protocol", protocol.name().toLowerCase(Locale.ROOT));
        p.put("seed", seed);
        p.put("dataset_checksum", datasetChecksum);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        parts.forEach((k, v) -> sizes.put(k, v.size()));
        p.put("sizes", sizes);
        return p;
    }

    /**
     * The pairs of every part, checked against {@code dataset}: every id must be a usable pair there;
     * unknown ids are bad input naming them.
     */
    public Map<String, List<Pair>> resolve(Dataset dataset) {
        Map<String, Pair> byId = dataset.byId();
        Map<String, List<Pair>> resolved = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        parts.forEach((part, ids) -> {
            List<Pair> pairs = new ArrayList<>(ids.size());
            for (String id : ids) {
                Pair p = byId.get(id);
                if (p == null) {
                    unknown.add(part + ":" + id);
                } else {
                    pairs.add(p);
                }
            }
            resolved.put(part, List.copyOf(pairs));
        });
        if (!unknown.isEmpty()) {
            throw new UserInputException("split " + (source == null ? "" : source + " ") + "names " + unknown.size()
                    + " id(s) that are not usable pairs of dataset " + dataset.path() + " (" + dataset.format() + "): "
                    + String.join(", ", unknown.subList(0, Math.min(10, unknown.size())))
                    + (unknown.size() > 10 ? ", ..." : "") + "; was it made for another dataset?");
        }
        return resolved;
    }

    /** The pairs of one part, checked against {@code dataset} as in {@link #resolve}. */
    public List<Pair> part(Dataset dataset, String part) {
        ids(part);
        return resolve(dataset).get(part);
    }

    /** Reads and validates a split file. */
    public static Split read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException("cannot read split file " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new UserInputException("split file " + file + " is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException("split file " + file + ": expected a JSON object");
        }
        SplitProtocol protocol = parseProtocol(file, text(file, root, "protocol"));
        JsonNode seedNode = root.get("seed");
        if (seedNode == null || !seedNode.canConvertToLong() || !seedNode.isIntegralNumber()) {
            throw new UserInputException("split file " + file + ": 'seed' must be an integer");
        }
        JsonNode partsNode = root.get("parts");
        if (partsNode == null || !partsNode.isObject() || partsNode.isEmpty()) {
            throw new UserInputException("split file " + file + ": 'parts' must be an object of id lists");
        }
        Map<String, List<String>> parts = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        partsNode.fields().forEachRemaining(e -> {
            if (!e.getValue().isArray()) {
                throw new UserInputException("split file " + file + ": part '" + e.getKey() + "' must be a list of ids");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode id : e.getValue()) {
                if (!id.isTextual()) {
                    throw new UserInputException("split file " + file + ": part '" + e.getKey() + "' holds " + id
                            + ", expected id strings");
                }
                String other = seen.putIfAbsent(id.asText(), e.getKey());
                if (other != null) {
                    throw new UserInputException("split file " + file + ": id '" + id.asText() + "' is in part '" + other
                            + "' and again in part '" + e.getKey() + "'");
                }
                ids.add(id.asText());
            }
            parts.put(e.getKey(), List.copyOf(ids));
        });
        return new Split(protocol, seedNode.asLong(), text(file, root, "format"), text(file, root, "dataset_checksum"),
                parts, bytes, file);
    }

    private static String text(Path file, JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isTextual()) {
            throw new UserInputException("split file " + file + ": '" + key + "' must be a string");
        }
        return n.asText();
    }

    private static SplitProtocol parseProtocol(Path file, String name) {
        for (SplitProtocol p : SplitProtocol.values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new UserInputException("split file " + file + ": unknown protocol '" + name + "', expected paper or standard");
    }

    private static byte[] render(SplitProtocol protocol, long seed, String format, String checksum,
                                 Map<String, List<String>> parts) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", FILE_VERSION);
        doc.put("protocol", protocol.name().toLowerCase(Locale.ROOT));
        doc.put("seed", seed);
        doc.put("format", format);
        doc.put("dataset_checksum", checksum);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        parts.forEach((k, v) -> sizes.put(k, v.size()));
        doc.put("sizes", sizes);
        doc.put("parts", parts);
        try {
            return (Json.mapper().writer(PRINTER).writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a split as JSON", e);
        }
    }
}
