package io.sentifuse.features.store;

import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.encoder.ImageEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A frozen CNN's features of a dataset's pairs, looked up by pair id: what fine-tuning with the CNN fixed
 * ({@code training.finetune: text}) reads per step instead of decoding every image and running the CNN forward on
 * it. It is the store frozen-feature runs read ({@code image.model} over {@code data.path}), filled first where
 * needed, so both modes see the same features of an image.
 */
public final class CachedImageFeatures {

    private final ImageStore store;

    private CachedImageFeatures(ImageStore store) {
        this.store = store;
    }

    /**
     * The image features of {@code config}'s dataset ({@code checked}: read by the caller, not read again) under
     * its image model, filling the store where needed.
     */
    public static CachedImageFeatures open(CheckedDataset checked, ExperimentConfig config) {
        return new CachedImageFeatures(
                FeaturePreparation.prepare(checked, config, false, true, new LoggingFillListener()).image());
    }

    /** Why pair {@code id}'s image could not be read, or null when it has features. */
    public String missing(String id) {
        return store.missing(id);
    }

    /**
     * The pooled vectors [n, C] and region vectors [n, R, C] of pairs {@code ids}, in order, as the frozen encoder
     * returns them for a batch. Made outside any workspace: the arrays are fed to a graph after this call.
     */
    public ImageEncoder.Features features(String[] ids) {
        int c = store.dim();
        int r = store.regions();
        float[] pooled = new float[ids.length * c];
        float[] regions = new float[ids.length * r * c];
        for (int i = 0; i < ids.length; i++) {
            int row = store.row(ids[i]);
            String missing = row < 0 ? "not in it" : store.missing(ids[i]);
            if (missing != null) {
                throw new IllegalStateException("pair " + ids[i] + " has no features in the image store " + store.dir()
                        + ": " + missing);
            }
            store.copyPooled(row, pooled, i * c);
            store.copyRegions(row, regions, i * r * c);
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new ImageEncoder.Features(Nd4j.create(pooled, new long[] {ids.length, c}, 'c'),
                    Nd4j.create(regions, new long[] {ids.length, r, c}, 'c'));
        }
    }

    /** Which store the features come from, for a run's provenance. */
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("store", store.dir().toString());
        p.put("key", store.key());
        p.put("dim", store.dim());
        p.put("regions", store.regions());
        p.put("missing", store.missingPairs().size());
        return p;
    }
}
