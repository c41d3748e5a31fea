package io.sentifuse.features.store;

import io.sentifuse.config.TextConfig;
import io.sentifuse.data.Label;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.PairRecords;
import org.datavec.api.writable.Writable;
import io.sentifuse.features.FeatureDims;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.features.RowFeatureSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One split part read from the feature stores (memory-mapped; batches copy only the rows they need). With
 * {@code text.extra_models} the pooled text vector is the main encoder's followed by each extra encoder's, and token
 * states are not offered (their widths and tokenisations differ).
 */
final class CachedFeatureSet extends RowFeatureSet {

    private final String[] ids;
    private final int[] labels;
    private final TextStore text;
    private final ImageStore image;
    private final boolean cls;
    private final List<FeaturePreparation.ExtraText> extra;
    private final int[] textRows;
    private final int[][] extraRows;
    private final int[] imageRows;
    private final FeatureDims dims;
    private final Set<FeatureKind> kinds;

    /**
     * @param part the part's labelled records; every pair must be in the stores given (a null store means that
     *             modality is not held)
     */
    CachedFeatureSet(PairRecordReader part, TextStore text, ImageStore image, TextConfig.Pooling pooling,
                     List<FeaturePreparation.ExtraText> extra) {
        List<List<Writable>> records = part.records();
        this.ids = records.stream().map(PairRecords::id).toArray(String[]::new);
        this.labels = records.stream().mapToInt(PairRecords::label).toArray();
        this.text = text;
        this.image = image;
        if (pooling == TextConfig.Pooling.AUTO) {
            throw new IllegalArgumentException("text pooling 'auto' must be resolved (TextModelChoice) first");
        }
        this.cls = pooling == TextConfig.Pooling.CLS;
        this.extra = text == null ? List.of() : List.copyOf(extra);
        this.textRows = rows(text);
        this.imageRows = rows(image);
        this.extraRows = this.extra.stream().map(e -> rows(e.store())).toArray(int[][]::new);
        int textDim = text == null ? 0 : text.dim() + this.extra.stream().mapToInt(e -> e.store().dim()).sum();
        boolean tokens = text != null && this.extra.isEmpty();
        this.dims = new FeatureDims(textDim, image == null ? 0 : image.dim(),
                tokens ? text.maxLength() : 0, image == null ? 0 : image.regions());
        EnumSet<FeatureKind> held = EnumSet.noneOf(FeatureKind.class);
        if (text != null) {
            held.add(FeatureKind.TEXT_POOLED);
        }
        if (tokens) {
            held.add(FeatureKind.TEXT_TOKENS);
        }
        if (image != null) {
            held.add(FeatureKind.IMAGE_POOLED);
            held.add(FeatureKind.IMAGE_REGIONS);
        }
        this.kinds = Set.copyOf(held);
    }

    private int[] rows(MappedStore store) {
        if (store == null) {
            return null;
        }
        int[] rows = new int[ids.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = store.row(ids[i]);
            if (rows[i] < 0) {
                throw new IllegalStateException("pair " + ids[i] + " is not in feature store " + store.dir());
            }
        }
        return rows;
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public FeatureDims dims() {
        return dims;
    }

    @Override
    public Set<FeatureKind> kinds() {
        return kinds;
    }

    @Override
    public String id(int i) {
        return ids[i];
    }

    @Override
    public Label label(int i) {
        return Label.ofIndex(labels[i]);
    }

    @Override
    protected void copyTextPooled(int i, float[] dst, int off) {
        copyPooled(text, cls, textRows[i], dst, off);
        int at = off + text.dim();
        for (int e = 0; e < extra.size(); e++) {
            TextStore store = extra.get(e).store();
            copyPooled(store, extra.get(e).choice().pooling() == TextConfig.Pooling.CLS, extraRows[e][i], dst, at);
            at += store.dim();
        }
    }

    private static void copyPooled(TextStore store, boolean cls, int row, float[] dst, int off) {
        if (cls) {
            store.copyCls(row, dst, off);
        } else {
            store.copyMean(row, dst, off);
        }
    }

    @Override
    protected int tokenCount(int i) {
        return text.length(textRows[i]);
    }

    @Override
    protected void copyTokens(int i, float[] dst, int off) {
        text.copyTokens(textRows[i], dst, off);
    }

    @Override
    protected void copyImagePooled(int i, float[] dst, int off) {
        image.copyPooled(imageRows[i], dst, off);
    }

    @Override
    protected void copyRegions(int i, float[] dst, int off) {
        image.copyRegions(imageRows[i], dst, off);
    }
}
