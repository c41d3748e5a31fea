package io.sentifuse.features.store;

import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TextModelChoice;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A frozen text encoder's features of a dataset's pairs, looked up by pair id: what fine-tuning with the text
 * encoder fixed ({@code training.finetune: image}) reads per step instead of running the transformer on every batch.
 * It is the store frozen-feature runs read ({@code text.*} over {@code data.path}: same tokenizer, prefix and max
 * length), filled first where needed.
 */
public final class CachedTextFeatures {

    private final TextStore store;
    private final boolean cls;

    private CachedTextFeatures(TextStore store, boolean cls) {
        this.store = store;
        this.cls = cls;
    }

    /**
     * The text features of {@code config}'s dataset ({@code checked}: read by the caller, not read again) under its
     * text model, filling the store where needed.
     */
    public static CachedTextFeatures open(CheckedDataset checked, ExperimentConfig config) {
        boolean cls = TextModelChoice.of(config.text()).pooling() == TextConfig.Pooling.CLS;
        return new CachedTextFeatures(
                FeaturePreparation.prepare(checked, config, true, false, new LoggingFillListener()).text(), cls);
    }

    /**
     * The token states [n, L, D] (zeros past each pair's tokens), [CLS] and mean vectors [n, D] and the pooled one
     * of pairs {@code ids}, for a batch whose 0/1 attention mask is {@code mask} [n, L]. Each pair's stored token
     * count must equal its mask's (the batch was tokenised as the store was); made outside any workspace.
     *
     * @throws IllegalStateException naming the pair whose stored tokens do not match its batch row
     */
    public TextEncoder.Features features(String[] ids, INDArray mask) {
        int d = store.dim();
        int length = (int) mask.size(1);
        int[] counts = mask.castTo(DataType.INT32).sum(1).toIntVector();
        float[] tokens = new float[ids.length * length * d];
        float[] clsVectors = new float[ids.length * d];
        float[] meanVectors = new float[ids.length * d];
        for (int i = 0; i < ids.length; i++) {
            int row = store.row(ids[i]);
            if (row < 0) {
                throw new IllegalStateException("pair " + ids[i] + " is not in the text store " + store.dir());
            }
            if (store.length(row) != counts[i]) {
                throw new IllegalStateException("pair " + ids[i] + " has " + store.length(row) + " tokens in the text "
                        + "store " + store.dir() + " but " + counts[i] + " in its batch: the store was tokenised "
                        + "differently");
            }
            store.copyTokens(row, tokens, i * length * d);
            store.copyCls(row, clsVectors, i * d);
            store.copyMean(row, meanVectors, i * d);
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray c = Nd4j.create(clsVectors, new long[] {ids.length, d}, 'c');
            INDArray m = Nd4j.create(meanVectors, new long[] {ids.length, d}, 'c');
            return new TextEncoder.Features(Nd4j.create(tokens, new long[] {ids.length, length, d}, 'c'), c, m,
                    cls ? c : m);
        }
    }

    /** Which store the features come from, for a run's provenance. */
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("store", store.dir().toString());
        p.put("key", store.key());
        p.put("dim", store.dim());
        p.put("pooling", cls ? "cls" : "mean");
        return p;
    }
}
