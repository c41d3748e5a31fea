package io.sentifuse.data;

import io.sentifuse.config.DataConfig;
import io.sentifuse.errors.UserInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dataset of an experiment as every training mode starts from it: read in its format, record problems
 * handled by the item policy (the first one stops a {@code fail} run), at least one usable pair, and the
 * content checksum that split files and caches are keyed by.
 *
 * @param dataset  the pairs and what was dropped
 * @param checksum the dataset's SHA-256 ({@link DatasetChecksum})
 */
public record CheckedDataset(Dataset dataset, String checksum) {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedDataset.class);

    /** Reads and checks {@code data.path}. */
    public static CheckedDataset read(DataConfig data) {
        Path path = Path.of(data.path());
        Dataset dataset = DatasetFormats.read(path, data.format());
        DataCheck.failOnFirst(data.itemPolicy(), dataset.problems(), path);
        if (!dataset.problems().isEmpty()) {
            LOG.warn("{}: {} records skipped (listed by `sentifuse data check {}`)", path, dataset.problems().size(),
                    path);
        }
        if (dataset.items().isEmpty()) {
            throw new UserInputException(path + ": no usable pairs (format " + data.format() + ")");
        }
        return new CheckedDataset(dataset, DatasetChecksum.compute(dataset, data.workers()));
    }

    /** The dataset section of a run's provenance: path, format, checksum and counts. */
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("path", dataset.path().toString());
        p.put("format", dataset.format());
        p.put("sha256", checksum);
        p.put("records", dataset.rows());
        p.put("usable", dataset.items().size());
        p.put("dropped_conflicting", dataset.droppedConflicting().size());
        p.put("problems", dataset.problems().size());
        return p;
    }

    /** The run's split: {@code data.split_file} when set, else made from the protocol and {@code seed}. */
    public Split split(DataConfig data, long seed) {
        return Split.forRun(data.splitFile(), data.protocol(), seed, dataset, checksum);
    }
}
