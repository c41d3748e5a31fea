package io.sentifuse.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.config.DataConfig.SplitProtocol;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code data split} service: reads a dataset, makes a split by protocol and seed, writes the split file. */
public final class DataSplit {

    private DataSplit() {
    }

    /** What was written: the file, its digest, and the size and label counts of every part. */
    @JsonPropertyOrder({"out", "sha256", "protocol", "seed", "format", "dataset_checksum", "sizes", "labels"})
    public record Result(
            @JsonProperty("out") String out,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("protocol") String protocol,
            @JsonProperty("seed") long seed,
            @JsonProperty("format") String format,
            @JsonProperty("dataset_checksum") String datasetChecksum,
            @JsonProperty("sizes") Map<String, Integer> sizes,
            @JsonProperty("labels") Map<String, Map<String, Integer>> labels) {
    }

    public static Result run(Path dataset, String format, SplitProtocol protocol, long seed, Path out, int threads) {
        CheckedDataset checked = CheckedDataset.read(dataset, format, ItemPolicy.SKIP, threads, false)
                .requireLabels("a split");
        Dataset d = checked.dataset();
        String checksum = checked.checksum();
        Split split = Split.create(d, protocol, seed, checksum);
        split.write(out);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> labels = new LinkedHashMap<>();
        split.resolve(d).forEach((part, pairs) -> {
            sizes.put(part, pairs.size());
            labels.put(part, Dataset.labelCounts(pairs));
        });
        return new Result(out.toString(), split.sha256(), protocol.name().toLowerCase(Locale.ROOT), seed, d.format(),
                checksum, sizes, labels);
    }

    /** Share of each label in {@code pairs}, in percent. */
    public static Map<String, Double> shares(List<Pair> pairs) {
        Map<String, Double> shares = new LinkedHashMap<>();
        Dataset.labelCounts(pairs).forEach((l, n) -> shares.put(l, pairs.isEmpty() ? 0 : 100.0 * n / pairs.size()));
        return shares;
    }
}
