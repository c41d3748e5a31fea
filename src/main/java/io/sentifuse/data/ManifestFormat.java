package io.sentifuse.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Users' own data: a manifest, CSV (with a header row) or JSON Lines, one record per pair with {@code id},
 * {@code text} (inline) or {@code text_file}, {@code image}, and {@code label} (or {@code text_label} and
 * {@code image_label}, merged by {@link LabelMerge}). File paths are relative to the manifest. The path
 * given is the manifest itself or a directory holding {@value #CSV} or {@value #JSONL}.
 *
 * <p>A manifest without label columns (CSV) or whose records carry no label keys at all (JSON Lines) holds
 * unlabelled pairs: new data to predict. Where labels are declared, every record needs one.
 */
final class ManifestFormat implements DatasetFormat {

    static final String CSV = "manifest.csv";
    static final String JSONL = "manifest.jsonl";

    static final String ID = "id";
    static final String TEXT = "text";
    static final String TEXT_FILE = "text_file";
    static final String IMAGE = "image";
    static final String LABEL = "label";
    static final String TEXT_LABEL = "text_label";
    static final String IMAGE_LABEL = "image_label";

    @Override
    public String name() {
        return "manifest";
    }

    @Override
    public String layout() {
        return "a CSV or JSON Lines manifest (" + CSV + " or " + JSONL + ") with columns id, text or text_file, "
                + "image, and label or text_label + image_label (none for unlabelled data); paths relative to the "
                + "manifest";
    }

    @Override
    public Dataset read(Path path) {
        Path manifest = locate(path);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifest);
        } catch (IOException e) {
            throw new UserInputException("cannot read manifest " + manifest + ": " + e.getMessage(), e);
        }
        Path base = manifest.toAbsolutePath().getParent();
        DatasetBuilder builder = new DatasetBuilder(name(), path, base);
        builder.file(manifest, bytes);
        TextDecoder.Decoded content = TextDecoder.decode(bytes);
        if (manifest.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            readCsv(builder, manifest, base, content);
        } else {
            readJsonLines(builder, manifest, base, content);
        }
        return builder.build();
    }

    private Path locate(Path path) {
        if (Files.isRegularFile(path)) {
            String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!n.endsWith(".csv") && !n.endsWith(".jsonl") && !n.endsWith(".ndjson")) {
                throw new UserInputException("manifest " + path + ": expected a .csv, .jsonl or .ndjson file");
            }
            return path;
        }
        DatasetFormats.requireDatasetDirectory(path, this);
        Path csv = path.resolve(CSV);
        Path jsonl = path.resolve(JSONL);
        if (Files.isRegularFile(csv) && Files.isRegularFile(jsonl)) {
            throw new UserInputException("dataset directory " + path + " holds both " + CSV + " and " + JSONL
                    + ": name the manifest to use");
        }
        if (Files.isRegularFile(csv)) {
            return csv;
        }
        if (Files.isRegularFile(jsonl)) {
            return jsonl;
        }
        throw new UserInputException("dataset directory " + path + " has no " + CSV + " or " + JSONL + " (format "
                + name() + " expects " + layout() + ")");
    }

    private void readCsv(DatasetBuilder builder, Path manifest, Path base, TextDecoder.Decoded content) {
        List<Csv.Row> rows = Csv.parse(content.text(), manifest);
        if (rows.isEmpty()) {
            throw new UserInputException("manifest " + manifest + " is empty: expected a header row naming the "
                    + "columns id, text or text_file, image, label");
        }
        List<String> header = rows.get(0).fields().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        boolean textColumns = header.contains(TEXT) || header.contains(TEXT_FILE);
        boolean labelColumns = header.contains(LABEL) || (header.contains(TEXT_LABEL) && header.contains(IMAGE_LABEL));
        boolean partialLabels = !labelColumns && (header.contains(TEXT_LABEL) || header.contains(IMAGE_LABEL));
        if (!header.contains(ID) || !header.contains(IMAGE) || !textColumns || partialLabels) {
            throw new UserInputException(manifest + " line " + rows.get(0).line() + ": the header must name the "
                    + "columns id, image, text or text_file, and label (or text_label and image_label; no label "
                    + "column for unlabelled data); found " + String.join(",", header));
        }
        for (Csv.Row row : rows.subList(1, rows.size())) {
            builder.row();
            if (row.fields().size() != header.size()) {
                String id = header.indexOf(ID) < row.fields().size() ? row.fields().get(header.indexOf(ID)).trim() : null;
                builder.problem(id == null || id.isEmpty() ? null : id, manifest, row.line(),
                        (row.fields().size() < header.size() ? "missing column" : "extra column") + ": expected "
                                + header.size() + " comma-separated fields, found " + row.fields().size());
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                fields.put(header.get(i), row.fields().get(i));
            }
            readRecord(builder, manifest, base, row.line(), fields, content.encoding(), labelColumns);
        }
    }

    private void readJsonLines(DatasetBuilder builder, Path manifest, Path base, TextDecoder.Decoded content) {
        String[] lines = content.text().split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            builder.row();
            JsonNode node;
            try {
                node = Json.mapper().readTree(lines[i]);
            } catch (JsonProcessingException e) {
                builder.problem(null, manifest, i + 1, "not a JSON object: " + e.getOriginalMessage());
                continue;
            }
            if (node == null || !node.isObject()) {
                builder.problem(null, manifest, i + 1, "expected a JSON object with id, text or text_file, image, label");
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            node.fields().forEachRemaining(f -> fields.put(f.getKey().toLowerCase(Locale.ROOT),
                    f.getValue().isNull() ? "" : f.getValue().asText()));
            boolean labelled = fields.containsKey(LABEL) || fields.containsKey(TEXT_LABEL)
                    || fields.containsKey(IMAGE_LABEL);
            readRecord(builder, manifest, base, i + 1, fields, content.encoding(), labelled);
        }
    }

    private void readRecord(DatasetBuilder builder, Path manifest, Path base, int line, Map<String, String> f,
                            String encoding, boolean labelled) {
        String id = f.getOrDefault(ID, "").trim();
        if (id.isEmpty()) {
            builder.problem(null, manifest, line, "missing column: no id");
            return;
        }
        String text = f.getOrDefault(TEXT, "");
        String textFile = f.getOrDefault(TEXT_FILE, "").trim();
        String image = f.getOrDefault(IMAGE, "").trim();
        if (text.isEmpty() == textFile.isEmpty()) {
            builder.problem(id, manifest, line, text.isEmpty() ? "missing column: no text and no text_file"
                    : "both text and text_file are given: expected one of them");
            return;
        }
        if (image.isEmpty()) {
            builder.problem(id, manifest, line, "missing column: no image");
            return;
        }
        Label label = null;
        Label textLabel = null;
        Label imageLabel = null;
        if (!labelled) {
            // unlabelled data: nothing to parse
        } else if (!f.getOrDefault(LABEL, "").isBlank()) {
            Optional<Label> l = parseLabel(builder, manifest, line, id, LABEL, f.get(LABEL));
            if (l.isEmpty()) {
                return;
            }
            label = l.get();
        } else {
            Optional<Label> t = parseLabel(builder, manifest, line, id, TEXT_LABEL, f.getOrDefault(TEXT_LABEL, ""));
            if (t.isEmpty()) {
                return;
            }
            Optional<Label> im = parseLabel(builder, manifest, line, id, IMAGE_LABEL, f.getOrDefault(IMAGE_LABEL, ""));
            if (im.isEmpty()) {
                return;
            }
            textLabel = t.get();
            imageLabel = im.get();
        }
        if (!builder.claim(id, manifest, line)) {
            return;
        }
        builder.add(new DatasetBuilder.Entry(id, line, label, textLabel, imageLabel,
                text.isEmpty() ? null : new TextDecoder.Decoded(text, encoding),
                textFile.isEmpty() ? null : base.resolve(textFile), base.resolve(image)));
    }

    private static Optional<Label> parseLabel(DatasetBuilder builder, Path manifest, int line, String id,
                                              String column, String word) {
        if (word.isBlank()) {
            builder.problem(id, manifest, line, "missing column: no " + column);
            return Optional.empty();
        }
        Optional<Label> l = Label.parse(word);
        if (l.isEmpty()) {
            builder.problem(id, manifest, line, "unknown label word '" + word.trim() + "' in " + column
                    + ": expected positive, neutral or negative");
        }
        return l;
    }
}
