package io.sentifuse.data;

import io.sentifuse.errors.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MVSA layout (Niu et al., MMM 2016): {@code labelResultAll.txt} (tab-separated, CRLF or LF, header
 * {@code ID<TAB>text,image}, one {@code text,image} column per annotator) beside {@code data/<ID>.txt}
 * and {@code data/<ID>.jpg}. MVSA-Single has one annotator; MVSA-Multiple three, reduced per modality to
 * the label at least two agree on before the merge rule ({@link LabelMerge}).
 */
final class MvsaFormat implements DatasetFormat {

    static final String LABEL_FILE = "labelResultAll.txt";
    static final String DATA_DIR = "data";
    static final String COLUMN = "text,image";

    /** Ids name files: no separators, no leading dot. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern LINE_END = Pattern.compile("\r\n|\n|\r");

    private final String name;
    private final int annotators;

    private MvsaFormat(String name, int annotators) {
        this.name = name;
        this.annotators = annotators;
    }

    static MvsaFormat single() {
        return new MvsaFormat(DatasetFormats.DEFAULT, 1);
    }

    static MvsaFormat multiple() {
        return new MvsaFormat("mvsa-multiple", 3);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String layout() {
        return LABEL_FILE + " (header '" + header() + "') with " + DATA_DIR + "/<ID>.txt and " + DATA_DIR
                + "/<ID>.jpg";
    }

    private String header() {
        return "ID" + ("<TAB>" + COLUMN).repeat(annotators);
    }

    @Override
    public Dataset read(Path dir) {
        DatasetFormats.requireDatasetDirectory(dir, this);
        Path labels = dir.resolve(LABEL_FILE);
        if (!Files.isRegularFile(labels)) {
            throw new UserInputException("dataset directory " + dir + " has no " + LABEL_FILE + " (format " + name
                    + " expects " + layout() + ")");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(labels);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + labels + ": " + e.getMessage(), e);
        }
        DatasetBuilder builder = new DatasetBuilder(name, dir, dir);
        builder.file(labels, bytes);
        String[] lines = LINE_END.split(TextDecoder.decode(bytes).text(), -1);
        checkHeader(labels, lines[0]);
        Path data = dir.resolve(DATA_DIR);
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                builder.row();
                readLine(builder, labels, data, lines[i], i + 1);
            }
        }
        return builder.build();
    }

    private void checkHeader(Path labels, String line) {
        String[] cols = line.split("\t", -1);
        boolean ok = cols.length == 1 + annotators && cols[0].trim().equalsIgnoreCase("ID");
        for (int i = 1; ok && i < cols.length; i++) {
            ok = cols[i].trim().equalsIgnoreCase(COLUMN);
        }
        if (!ok) {
            String hint = "";
            if (cols.length == 4 && annotators == 1) {
                hint = "; three annotator columns: is this MVSA-Multiple (--format mvsa-multiple)?";
            } else if (cols.length == 2 && annotators == 3) {
                hint = "; one annotator column: is this MVSA-Single (--format mvsa-single)?";
            }
            throw new UserInputException(labels + " line 1: expected the header '" + header() + "' of format " + name
                    + ", found '" + line.replace("\t", "<TAB>") + "'" + hint);
        }
    }

    private void readLine(DatasetBuilder builder, Path labels, Path data, String line, int lineNo) {
        String[] cols = line.split("\t", -1);
        String id = cols[0].trim();
        if (id.isEmpty()) {
            builder.problem(null, labels, lineNo, "empty ID column");
            return;
        }
        if (!ID.matcher(id).matches()) {
            builder.problem(id, labels, lineNo, "id '" + id + "' is not a file-name-safe id (letters, digits, '_', "
                    + "'.', '-', starting with a letter or digit)");
            return;
        }
        if (cols.length != 1 + annotators) {
            builder.problem(id, labels, lineNo, (cols.length < 1 + annotators ? "missing column" : "extra column")
                    + ": expected " + (1 + annotators) + " tab-separated columns '" + header() + "', found "
                    + cols.length);
            return;
        }
        List<Label> texts = new ArrayList<>();
        List<Label> images = new ArrayList<>();
        for (int c = 1; c < cols.length; c++) {
            String[] pair = cols[c].split(",", -1);
            if (pair.length != 2) {
                builder.problem(id, labels, lineNo, "missing column: column " + (c + 1) + " is '" + cols[c].trim()
                        + "', expected '" + COLUMN + "' (two labels separated by a comma)");
                return;
            }
            for (int m = 0; m < 2; m++) {
                Optional<Label> l = Label.parse(pair[m]);
                if (l.isEmpty()) {
                    builder.problem(id, labels, lineNo, "unknown label word '" + pair[m].trim() + "' for the "
                            + (m == 0 ? "text" : "image") + " in column " + (c + 1)
                            + ": expected positive, neutral or negative");
                    return;
                }
                (m == 0 ? texts : images).add(l.get());
            }
        }
        if (!builder.claim(id, labels, lineNo)) {
            return;
        }
        Optional<Label> text = LabelMerge.majority(texts);
        Optional<Label> image = LabelMerge.majority(images);
        Path textFile = data.resolve(id + ".txt");
        Path imageFile = data.resolve(id + ".jpg");
        if (text.isEmpty() || image.isEmpty()) {
            builder.addNoMajority(new DatasetBuilder.Entry(id, lineNo, null, null, null, null, textFile, imageFile));
        } else {
            builder.add(new DatasetBuilder.Entry(id, lineNo, null, text.get(), image.get(), null, textFile, imageFile));
        }
    }
}
