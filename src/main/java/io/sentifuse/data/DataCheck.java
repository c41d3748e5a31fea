package io.sentifuse.data;

import io.sentifuse.config.DataConfig.ItemPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code data check} service: the {@link CheckedDataset} read with every image decoded, reported as counts,
 * label distribution after merging, text encodings, problems and the dataset checksum. Images are decoded on a
 * pool of threads and dropped right after, so memory stays flat whatever the dataset's size.
 */
public final class DataCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DataCheck.class);

    private DataCheck() {
    }

    /**
     * Checks the dataset at {@code path}.
     *
     * @param policy  {@code SKIP}: problems are listed; {@code FAIL}: the first problem is thrown as a
     *                {@link io.sentifuse.errors.UserInputException} naming its file, line or id
     * @param threads decoding threads
     */
    public static DataCheckResult run(Path path, String format, ItemPolicy policy, int threads) {
        long start = System.nanoTime();
        CheckedDataset checked = CheckedDataset.read(path, format, policy, threads, true);
        Dataset dataset = checked.dataset();
        List<Problem> problems = new ArrayList<>(dataset.problems());
        problems.addAll(checked.imageProblems());
        List<Pair> usable = checked.usablePairs();
        double seconds = (System.nanoTime() - start) / 1e9;
        LOG.info("checked {} pairs of {} in {} s on {} threads: {} usable, {} problems", dataset.rows(), path,
                String.format("%.1f", seconds), threads, usable.size(), problems.size());
        return new DataCheckResult(path.toString(), dataset.format(), dataset.rows(),
                dataset.droppedConflicting().size(), dataset.droppedNoMajority().size(), problems.size(),
                usable.size(), Dataset.labelCounts(usable), (int) usable.stream().filter(p -> !p.labelled()).count(),
                dataset.nonUtf8Texts(), dataset.textEncodings(),
                dataset.items().size(), checked.checksum(), Math.round(seconds * 100) / 100.0, threads, problems,
                dataset.droppedConflicting(), dataset.droppedNoMajority(), usable);
    }
}
