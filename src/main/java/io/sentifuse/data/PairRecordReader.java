package io.sentifuse.data;

import java.io.DataInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataIndex;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.Writable;

/**
 * The one way samples leave a dataset: a DataVec {@link org.datavec.api.records.reader.RecordReader} that
 * streams one record per usable pair, {@code [id, text, image location, label]} ({@link PairRecords}), in the
 * dataset's order or in the order of the ids it was narrowed to ({@link #part}). {@code data check}, the
 * feature-cache fill, fine-tuning batches, {@code evaluate} and {@code predict} all read pairs through it, so
 * DataVec's transforms, analysis and iterators work on our datasets as they are.
 *
 * <p>Open it on a dataset path and format ({@link #open}), or the DataVec way: {@link #initialize(Configuration,
 * InputSplit)} with a {@code FileSplit} of the dataset directory (or any split whose first location is the
 * dataset directory or manifest) and the format under {@value #FORMAT_KEY} (default {@code mvsa-single}).
 * What the format could not use (bad lines, missing files, dropped labels) is in {@link #dataset()}.
 * Records are random-accessible by index through {@link #loadFromMetaData} ({@link #records(int, int)}).
 */
public class PairRecordReader extends BaseRecordReader {

    /** Configuration key naming the dataset format. */
    public static final String FORMAT_KEY = "sentifuse.data.format";

    private static final long serialVersionUID = 1L;

    private transient Dataset dataset;
    private transient List<Pair> pairs = List.of();
    private transient URI source;
    private Configuration conf = new Configuration();
    private int position;

    /** An empty reader, for DataVec-style {@code initialize}. */
    public PairRecordReader() {
    }

    private PairRecordReader(Dataset dataset, List<Pair> pairs) {
        this.dataset = dataset;
        this.pairs = List.copyOf(pairs);
        this.source = dataset.path().toUri();
    }

    /** A reader over every usable pair of the dataset at {@code path} in format {@code format}. */
    public static PairRecordReader open(Path path, String format) {
        return over(DatasetFormats.read(path, format));
    }

    /**
     * A reader over pairs made in memory (one pair given on the command line, tests), as a dataset of format
     * {@value #IN_MEMORY} rooted at the working directory.
     */
    public static PairRecordReader of(List<Pair> pairs) {
        Path here = Path.of("").toAbsolutePath();
        return over(new Dataset(IN_MEMORY, here, here, pairs.size(), pairs, List.of(), List.of(), List.of(),
                Map.of(), new java.util.TreeMap<>()));
    }

    /** The format name of {@link #of(List)} readers. */
    public static final String IN_MEMORY = "in-memory";

    /** A reader over every usable pair of {@code dataset}, in its order. */
    public static PairRecordReader over(Dataset dataset) {
        return new PairRecordReader(dataset, dataset.items());
    }

    /**
     * A reader over the pairs {@code ids} names, in that order (one part of a split).
     *
     * @throws io.sentifuse.errors.UserInputException naming ids that are not usable pairs of the dataset
     */
    public PairRecordReader part(Collection<String> ids) {
        Map<String, Pair> byId = dataset().byId();
        List<Pair> out = new ArrayList<>(ids.size());
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            Pair p = byId.get(id);
            if (p == null) {
                unknown.add(id);
            } else {
                out.add(p);
            }
        }
        if (!unknown.isEmpty()) {
            throw new io.sentifuse.errors.UserInputException(unknown.size() + " id(s) are not usable pairs of "
                    + dataset.path() + " (" + dataset.format() + "): "
                    + String.join(", ", unknown.subList(0, Math.min(10, unknown.size())))
                    + (unknown.size() > 10 ? ", ..." : ""));
        }
        return new PairRecordReader(dataset, out);
    }

    /** What the dataset's format read: every pair, what it dropped and the problems it found. */
    public Dataset dataset() {
        if (dataset == null) {
            throw new IllegalStateException("the reader is not initialised: call initialize(...) or open(...)");
        }
        return dataset;
    }

    /** Records this reader yields in one pass. */
    public int size() {
        return pairs.size();
    }

    @Override
    public void initialize(InputSplit split) {
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
        dataset = DatasetFormats.read(Path.of(source), conf.get(FORMAT_KEY, DatasetFormats.DEFAULT));
        pairs = dataset.items();
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
        Record record = record(position++);
        invokeListeners(record);
        return record;
    }

    /** Records {@code [from, to)} of this reader, by index (the reader's position does not move). */
    public List<List<Writable>> records(int from, int to) {
        List<RecordMetaData> meta = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            meta.add(new RecordMetaDataIndex(i, source, PairRecordReader.class));
        }
        List<List<Writable>> out = new ArrayList<>(meta.size());
        for (Record r : loadFromMetaData(meta)) {
            out.add(r.getRecord());
        }
        return out;
    }

    /** Every record of one pass, in order (the reader's position does not move). */
    public List<List<Writable>> records() {
        return records(0, pairs.size());
    }

    /** The typed pair behind record {@code index} (encoding and per-modality labels included). */
    public Pair pair(int index) {
        return pairs.get(index);
    }

    private Record record(int index) {
        return new org.datavec.api.records.impl.Record(PairRecords.of(pairs.get(index)),
                new RecordMetaDataIndex(index, source, PairRecordReader.class));
    }

    @Override
    public List<String> getLabels() {
        return PairRecords.labelNames();
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
        List<Record> out = new ArrayList<>(recordMetaDatas.size());
        for (RecordMetaData m : recordMetaDatas) {
            if (!(m instanceof RecordMetaDataIndex idx) || idx.getIndex() < 0 || idx.getIndex() >= pairs.size()) {
                throw new IllegalArgumentException("not a record of this reader: " + m);
            }
            out.add(record((int) idx.getIndex()));
        }
        return out;
    }

    @Override
    public void close() {
        // Nothing is held open: texts are read with the dataset's index, images are only named.
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
