package io.sentifuse.data;

import io.sentifuse.files.Checksums;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Collects what a format reads into a {@link Dataset}, applying what all formats share: unique ids, the
 * label rule, text decoding, and the presence of text and image files. Formats parse their own files and
 * hand over one {@link Entry} per well-formed record (or a problem for a malformed one).
 */
final class DatasetBuilder {

    /**
     * One well-formed record. At most one of {@code label} and ({@code textLabel}, {@code imageLabel})
     * carries the annotation (neither: an unlabelled pair); exactly one of {@code inlineText} and
     * {@code textFile} carries the text.
     */
    record Entry(String id, Integer line, Label label, Label textLabel, Label imageLabel,
                 TextDecoder.Decoded inlineText, Path textFile, Path image) {
    }

    private final String format;
    private final Path path;
    private final Path root;
    private int rows;
    private final List<Pair> items = new ArrayList<>();
    private final List<String> conflicting = new ArrayList<>();
    private final List<String> noMajority = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Integer> encodings = new LinkedHashMap<>();
    private final Map<String, String> files = new TreeMap<>();
    private final Map<String, Integer> idLines = new HashMap<>();

    DatasetBuilder(String format, Path path, Path root) {
        this.format = format;
        this.path = path;
        this.root = root;
        TextDecoder.ORDER.forEach(e -> encodings.put(e, 0));
    }

    /** Counts one record read from the label file or manifest. */
    void row() {
        rows++;
    }

    /** Records a file of the dataset, with its digest when its bytes are at hand. */
    void file(Path file, byte[] bytes) {
        files.put(relative(file), bytes == null ? null : Checksums.sha256(bytes));
    }

    void problem(String id, Path file, Integer line, String problem) {
        problems.add(new Problem(id, file.toString(), line, problem));
    }

    /** Claims {@code id} for the record at {@code line}; a second claim is a problem and returns false. */
    boolean claim(String id, Path file, int line) {
        Integer first = idLines.putIfAbsent(id, line);
        if (first != null) {
            problem(id, file, line, "duplicate id '" + id + "': already used on line " + first);
            return false;
        }
        return true;
    }

    /** Records an MVSA-Multiple record whose annotators agree on no label for a modality: dropped. */
    void addNoMajority(Entry e) {
        readText(e);
        recordImage(e);
        noMajority.add(e.id());
    }

    /** Decodes the text, applies the label rule and checks the files of one well-formed record. */
    void add(Entry e) {
        TextRead text = e.inlineText() != null ? inline(e.inlineText()) : readText(e);
        boolean imagePresent = recordImage(e);
        boolean unlabelled = e.label() == null && e.textLabel() == null && e.imageLabel() == null;
        Optional<Label> label = e.label() != null ? Optional.of(e.label())
                : unlabelled ? Optional.empty() : LabelMerge.merge(e.textLabel(), e.imageLabel());
        if (label.isEmpty() && !unlabelled) {
            conflicting.add(e.id());
        } else if (text.problem() != null) {
            problem(e.id(), e.textFile() != null ? e.textFile() : path, e.textFile() != null ? null : e.line(),
                    text.problem());
        } else if (!imagePresent) {
            problem(e.id(), e.image(), null, Files.isDirectory(e.image()) ? "is a directory, not an image file"
                    : "image file not found");
        } else {
            items.add(new Pair(e.id(), text.text().text(), text.text().encoding(), e.image(), label.orElse(null),
                    e.textLabel(), e.imageLabel()));
        }
    }

    /** A decoded text, or why there is none. */
    private record TextRead(TextDecoder.Decoded text, String problem) {
    }

    private TextRead inline(TextDecoder.Decoded text) {
        String problem = TextDecoder.problem(text.text());
        if (problem == null) {
            encodings.merge(text.encoding(), 1, Integer::sum);
        }
        return new TextRead(text, problem);
    }

    /** The decoded text file of {@code e} (counted by encoding), or why it cannot be used. */
    private TextRead readText(Entry e) {
        Path file = e.textFile();
        if (Files.isDirectory(file)) {
            return new TextRead(null, "is a directory, not a text file");
        }
        if (!Files.exists(file)) {
            return new TextRead(null, "text file not found");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException ex) {
            return new TextRead(null, "cannot read the text file: " + ex);
        }
        file(file, bytes);
        String problem = TextDecoder.problem(bytes);
        if (problem != null) {
            return new TextRead(null, problem);
        }
        TextDecoder.Decoded text = TextDecoder.decode(bytes);
        encodings.merge(text.encoding(), 1, Integer::sum);
        return new TextRead(text, null);
    }

    private boolean recordImage(Entry e) {
        boolean present = Files.isRegularFile(e.image());
        if (present) {
            file(e.image(), null);
        }
        return present;
    }

    Dataset build() {
        int accounted = items.size() + conflicting.size() + noMajority.size() + problems.size();
        if (accounted != rows) {
            throw new IllegalStateException(format + " reader accounted for " + accounted + " of " + rows
                    + " records of " + path + ": every record must end up usable, dropped or a problem");
        }
        return new Dataset(format, path, root, rows, items, conflicting, noMajority, problems, encodings,
                new TreeMap<>(files));
    }

    private String relative(Path file) {
        return Dataset.relative(root, file);
    }
}
