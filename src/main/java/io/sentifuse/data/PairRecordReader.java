package io.sentifuse.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.split.InputSplit;
import org.datavec.api.transform.schema.Schema;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.Text;
import org.datavec.api.writable.Writable;

/**
 * DataVec view of a dataset: one record per usable pair, {@code [id, text, image path, label index]}
 * ({@link #schema()}), so DataVec's transforms, analysis and iterators work on our datasets. The rest of
 * sentifuse uses the typed {@link Pair}s; this reader is the bridge.
 *
 * <p>Either construct it over pairs, or the DataVec way: {@link #initialize(Configuration, InputSplit)}
 * with a {@code FileSplit} of the dataset directory (or any split whose first location is the dataset
 * directory or manifest) and the format under
 * {@value #FORMAT_KEY} (default {@code mvsa-single}).
 */
public class PairRecordReader extends BaseRecordReader {

    /** Configuration key naming the dataset format. */
    public static final String FORMAT_KEY = "sentifuse.data.format";

    public static final int COLUMN_ID = 0;
    public static final int COLUMN_TEXT = 1;
    public static final int COLUMN_IMAGE = 2;
    public static final int COLUMN_LABEL = 3;

    private static final long serialVersionUID = 1L;

    private transient List<Pair> pairs = List.of();
    private transient URI source;
    private Configuration conf = new Configuration();
    private int position;

    /** An empty reader, for DataVec-style {@code initialize}. */
    public PairRecordReader() {
    }

    /** A reader over {@code pairs} (e.g. one part of a split). */
    public PairRecordReader(List<Pair> pairs) {
        this.pairs = List.copyOf(pairs);
    }

    /** The record layout: id, text, image path (strings) and the label (categorical, class-index order). */
    public static Schema schema() {
        return new Schema.Builder()
                .addColumnString("id")
                .addColumnString("text")
                .addColumnString("image")
                .addColumnCategorical("label", labelNames())
                .build();
    }

    @Override
    public void initialize(InputSplit split) throws IOException, InterruptedException {
        initialize(conf, split);
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) {
        this.conf = conf;
        if (split instanceof FileSplit fs && fs.getRootDir() != null) {
            // A FileSplit lists the files below its root; the dataset is the root itself.
            source = fs.getRootDir().toURI();
        } else {
            URI[] locations = split.locations();
            if (locations == null || locations.length == 0) {
                throw new IllegalArgumentException("the input split names no dataset location");
            }
            source = locations[0];
        }
        pairs = DatasetFormats.read(Path.of(source), conf.get(FORMAT_KEY, DatasetFormats.DEFAULT)).items();
        position = 0;
    }

    @Override
    public List<Writable> next() {
        return nextRecord().getRecord();
    }

    @Override
    public boolean hasNext() {
        return position < pairs.size();
    }

    @Override
    public Record nextRecord() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more pairs (" + pairs.size() + " read)");
        }
        int index = position++;
        Record record = new org.datavec.api.records.impl.Record(writables(pairs.get(index)),
                new RecordMetaDataIndex(index, source, PairRecordReader.class));
        invokeListeners(record);
        return record;
    }

    /** The writables of one pair, in column order. */
    public static List<Writable> writables(Pair p) {
        return Arrays.asList(new Text(p.id()), new Text(p.text()), new Text(p.image().toString()),
                new IntWritable(p.label().index()));
    }

    @Override
    public List<String> getLabels() {
        return labelNames();
    }

    private static List<String> labelNames() {
        List<String> names = new ArrayList<>();
        for (Label l : Label.values()) {
            names.add(l.word());
        }
        return names;
    }

    @Override
    public void reset() {
        position = 0;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public List<Writable> record(URI uri, DataInputStream dataInputStream) {
        throw new UnsupportedOperationException("a pair spans a label line, a text file and an image file; "
                + "it cannot be read from one stream: initialize the reader with the dataset instead");
    }

    @Override
    public Record loadFromMetaData(RecordMetaData recordMetaData) {
        return loadFromMetaData(List.of(recordMetaData)).get(0);
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> recordMetaDatas) {
        List<Record> out = new ArrayList<>();
        for (RecordMetaData m : recordMetaDatas) {
            if (!(m instanceof RecordMetaDataIndex idx) || idx.getIndex() < 0 || idx.getIndex() >= pairs.size()) {
                throw new IllegalArgumentException("not a record of this reader: " + m);
            }
            int i = (int) idx.getIndex();
            out.add(new org.datavec.api.records.impl.Record(writables(pairs.get(i)), m));
        }
        return out;
    }

    @Override
    public void close() {
        // Nothing is held open: texts are read when the dataset is read, images are only named.
    }

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }
}
