package io.sentifuse.finetune;

import io.sentifuse.config.DataConfig;
import io.sentifuse.data.Label;
import io.sentifuse.data.Pair;
import io.sentifuse.data.Problem;
import io.sentifuse.data.stream.PairIterator;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.text.Tokenizer;
import io.sentifuse.train.BatchSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One part of the split as {@link PairBatch}es from a {@link PairIterator}: texts tokenised and images decoded
 * and transformed on the iterator's worker threads while the model works. A training epoch is shuffled from
 * the run seed (the iterator's {@code "shuffle/epoch-N"} stream), evaluation passes keep part order. Pairs whose
 * image cannot be read follow {@code data.item_policy}: skipped (listed by {@link #skipped()}) or an error.
 * One iterator (with its threads) per batch size and order, kept until {@link #close()}.
 */
final class PairSource implements BatchSource<PairBatch> {

    private final List<Pair> pairs;
    private final Tokenizer tokenizer;
    private final ImageTransform transform;
    private final int maxLength;
    private final DataConfig data;
    private final long seed;
    private final Map<String, PairIterator> iterators = new HashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();

    PairSource(List<Pair> pairs, Tokenizer tokenizer, ImageTransform transform, int maxLength, DataConfig data,
               long seed) {
        this.pairs = List.copyOf(pairs);
        this.tokenizer = tokenizer;
        this.transform = transform;
        this.maxLength = maxLength;
        this.data = data;
        this.seed = seed;
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public int[] labelIndices() {
        return pairs.stream().mapToInt(p -> p.label().index()).toArray();
    }

    @Override
    public Iterator<PairBatch> pass(int batchSize, int epoch) {
        boolean shuffled = epoch != IN_ORDER;
        PairIterator it = iterators.computeIfAbsent(batchSize + (shuffled ? "/shuffled" : "/ordered"), k -> {
            PairIterator.Builder b = PairIterator.builder(pairs, tokenizer, transform).config(data)
                    .batchSize(batchSize).maxLength(maxLength);
            return (shuffled ? b.shuffle(seed) : b).build();
        });
        it.startEpoch(shuffled ? epoch : 0);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = it.hasNext();
                if (!more) {
                    record(it.skipped());
                }
                return more;
            }

            @Override
            public PairBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                MultiDataSet mds = it.next();
                record(it.skipped());
                return batch(mds, it.lastBatchIds());
            }
        };
    }

    static PairBatch batch(MultiDataSet mds, List<String> ids) {
        INDArray oneHot = mds.getLabels(0);
        int n = (int) oneHot.size(0);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = oneHot.getRow(i).argMax().getInt(0);
            if (oneHot.getDouble(i, labels[i]) != 1.0 || labels[i] >= Label.COUNT) {
                throw new IllegalStateException("pair " + ids.get(i) + " has no one-hot label");
            }
        }
        return new PairBatch(ids.toArray(new String[0]), labels, mds.getFeatures(PairIterator.TOKEN_IDS),
                mds.getFeatures(PairIterator.ATTENTION_MASK), mds.getFeatures(PairIterator.IMAGE));
    }

    private void record(List<Problem> problems) {
        for (Problem p : problems) {
            skipped.putIfAbsent(p.id(), p.message());
        }
    }

    @Override
    public List<String> skipped() {
        List<String> out = new ArrayList<>();
        skipped.forEach((id, message) -> out.add(id + ": " + message));
        return out;
    }

    @Override
    public void close() {
        iterators.values().forEach(PairIterator::close);
        iterators.clear();
    }
}
