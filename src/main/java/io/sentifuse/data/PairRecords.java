package io.sentifuse.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Text;
import org.datavec.api.writable.Writable;

/**
 * The record a {@link PairRecordReader} yields for one pair, as DataVec {@link Writable}s in {@link #schema()}
 * order: id, text, image location, label. The label is the class index ({@link Label#index()}) from the reader
 * to the loss, or {@value #UNLABELLED} for a pair without one (new data to predict).
 */
public final class PairRecords {

    public static final int ID = 0;
    public static final int TEXT = 1;
    public static final int IMAGE = 2;
    public static final int LABEL = 3;

    /** The label column of an unlabelled pair. */
    public static final int UNLABELLED = -1;

    private PairRecords() {
    }

    /** The record layout: id, text, image path (strings) and the label (class index, -1 when unlabelled). */
    public static Schema schema() {
        return new Schema.Builder()
                .addColumnString("id")
                .addColumnString("text")
                .addColumnString("image")
                .addColumnInteger("label", UNLABELLED, Label.COUNT - 1)
                .build();
    }

    /** The record of {@code pair}. */
    public static List<Writable> of(Pair pair) {
        return Arrays.asList(new Text(pair.id()), new Text(pair.text()), new Text(pair.image().toString()),
                new IntWritable(pair.labelIndex()));
    }

    public static String id(List<Writable> record) {
        return record.get(ID).toString();
    }

    public static String text(List<Writable> record) {
        return record.get(TEXT).toString();
    }

    public static Path image(List<Writable> record) {
        return Path.of(record.get(IMAGE).toString());
    }

    /** The class index, or {@value #UNLABELLED}. */
    public static int label(List<Writable> record) {
        return record.get(LABEL).toInt();
    }

    /** The label names in class-index order (what {@link org.datavec.api.records.reader.RecordReader#getLabels()} gives). */
    public static List<String> labelNames() {
        List<String> names = new ArrayList<>();
        for (Label l : Label.values()) {
            names.add(l.word());
        }
        return names;
    }
}
