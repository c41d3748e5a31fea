package io.sentifuse.data.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.data.DatasetFormats;
import io.sentifuse.data.Pair;
import io.sentifuse.data.TestDatasets;
import io.sentifuse.data.TestStretch;
import io.sentifuse.data.TestTokenizer;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.RgbImage;
import io.sentifuse.text.Encoding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

class PairIteratorTest {

    private static final TestTokenizer TOKENIZER = new TestTokenizer();
    private static final TestStretch STRETCH = new TestStretch(32);

    @TempDir
    static Path dir;

    static List<Pair> forty;
    static List<Pair> fixture;

    @BeforeAll
    static void data() {
        forty = DatasetFormats.read(TestDatasets.mvsaSingle(dir, 40), "mvsa-single").items();
        fixture = DatasetFormats.read(TestDatasets.fixture(), "mvsa-single").items();
    }

    @Test
    void batchesHaveTheDocumentedShapesTypesAndOneHotLabels() {
        try (PairIterator it = PairIterator.builder(forty, TOKENIZER, STRETCH).batchSize(16).build()) {
            MultiDataSet b = it.next();
            assertThat(b.getFeatures()).hasSize(3);
            INDArray ids = b.getFeatures(PairIterator.TOKEN_IDS);
            INDArray mask = b.getFeatures(PairIterator.ATTENTION_MASK);
            INDArray images = b.getFeatures(PairIterator.IMAGE);
            assertThat(ids.dataType()).isEqualTo(DataType.INT64);
            assertThat(mask.dataType()).isEqualTo(DataType.INT64);
            assertThat(images.dataType()).isEqualTo(DataType.FLOAT);
            assertThat(ids.shape()).isEqualTo(mask.shape());
            assertThat(ids.size(0)).isEqualTo(16);
            assertThat(images.shape()).containsExactly(16, 3, 32, 32);
            INDArray labels = b.getLabels(0);
            assertThat(labels.shape()).containsExactly(16, 3);
            for (int i = 0; i < 16; i++) {
                Pair p = forty.get(i);
                assertThat(it.lastBatchIds().get(i)).isEqualTo(p.id());
                assertThat(labels.getRow(i).toFloatVector()).isEqualTo(oneHot(p.label().index()));
            }
            assertThat(it.next().getFeatures(0).size(0)).isEqualTo(16);
            assertThat(it.next().getFeatures(0).size(0)).isEqualTo(8);
            assertThat(it.hasNext()).isFalse();
        }
    }

    @Test
    void textsArePaddedToTheLongestInTheBatchAndMasked() {
        try (PairIterator it = PairIterator.builder(forty, TOKENIZER, STRETCH).batchSize(7).maxLength(8).build()) {
            while (it.hasNext()) {
                MultiDataSet b = it.next();
                long[][] ids = b.getFeatures(PairIterator.TOKEN_IDS).toLongMatrix();
                long[][] mask = b.getFeatures(PairIterator.ATTENTION_MASK).toLongMatrix();
                int longest = 0;
                for (int i = 0; i < ids.length; i++) {
                    Pair p = byId(forty, it.lastBatchIds().get(i));
                    Encoding e = TOKENIZER.encode(p.text(), 8);
                    longest = Math.max(longest, e.length());
                    for (int t = 0; t < ids[i].length; t++) {
                        boolean token = t < e.length();
                        assertThat(mask[i][t]).isEqualTo(token ? 1L : 0L);
                        assertThat(ids[i][t]).isEqualTo(token ? e.ids()[t] : TestTokenizer.PAD);
                    }
                }
                assertThat(ids[0]).hasSize(longest);
                assertThat(longest).isLessThanOrEqualTo(8);
            }
        }
    }

    @Test
    void imagesAreTheTransformOfTheDecodedFile() {
        try (PairIterator it = PairIterator.builder(fixture, TOKENIZER, STRETCH).batchSize(5).build()) {
            MultiDataSet b = it.next();
            Pair first = byId(fixture, it.lastBatchIds().get(0));
            float[] expected = STRETCH.apply(new ImageDecoder().decode(first.image()));
            assertThat(b.getFeatures(PairIterator.IMAGE).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)).dup().reshape(-1).toFloatVector()).containsExactly(expected);
        }
    }

    @Test
    void orderIsAFunctionOfSeedAndEpochOnly() {
        List<List<String>> a = epochs(forty, 42, 2, 1, 2);
        List<List<String>> b = epochs(forty, 42, 1, 3, 2);
        assertThat(a).isEqualTo(b);
        assertThat(a.get(0)).isNotEqualTo(a.get(1));
        assertThat(a.get(0)).containsExactlyInAnyOrderElementsOf(a.get(1));
        assertThat(epochs(forty, 43, 2, 4, 1).get(0)).isNotEqualTo(a.get(0));
        List<String> fileOrder = new ArrayList<>();
        try (PairIterator it = PairIterator.builder(forty, TOKENIZER, STRETCH).batchSize(6).build()) {
            while (it.hasNext()) {
                it.next();
                fileOrder.addAll(it.lastBatchIds());
            }
        }
        assertThat(fileOrder).isEqualTo(forty.stream().map(Pair::id).toList());
    }

    @Test
    void resetStartsTheNextEpochOnlyAfterSomethingWasConsumed() {
        try (PairIterator it = PairIterator.builder(forty, TOKENIZER, STRETCH).batchSize(10).shuffle(7).build()) {
            it.reset();
            assertThat(it.epoch()).isZero();
            it.next();
            List<String> epoch0First = it.lastBatchIds();
            it.reset();
            assertThat(it.epoch()).isEqualTo(1);
            it.next();
            List<String> epoch1First = it.lastBatchIds();
            assertThat(epoch1First).isNotEqualTo(epoch0First);
            it.startEpoch(0);
            it.next();
            assertThat(it.lastBatchIds()).isEqualTo(epoch0First);
        }
    }

    @Test
    void prefetchIsBoundedAndRunsAhead() throws InterruptedException {
        AtomicInteger transformed = new AtomicInteger();
        ImageTransform counting = counting(transformed, null);
        try (PairIterator it = PairIterator.builder(forty, TOKENIZER, counting).batchSize(2).workers(2)
                .prefetchBatches(3).build()) {
            // Before anything is consumed, exactly prefetch_batches batches are prepared, not more.
            assertThat(settle(transformed, 3 * 2)).isEqualTo(3 * 2);
            it.next();
            it.next();
            assertThat(settle(transformed, (2 + 3) * 2)).isEqualTo((2 + 3) * 2);
            assertThat(it.inFlight()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void corruptImagesAreSkippedAndListedUnderTheSkipPolicy() {
        int seen = 0;
        try (PairIterator it = PairIterator.builder(fixture, TOKENIZER, STRETCH).batchSize(4).build()) {
            while (it.hasNext()) {
                MultiDataSet b = it.next();
                seen += (int) b.getFeatures(0).size(0);
                assertThat(it.lastBatchIds()).doesNotContain("23");
            }
            assertThat(seen).isEqualTo(fixture.size() - 1);
            assertThat(it.skipped()).hasSize(1);
            assertThat(it.skipped().get(0).id()).isEqualTo("23");
            assertThat(it.skipped().get(0).problem()).startsWith("truncated JPEG");
        }
    }

    @Test
    void underTheFailPolicyTheConsumerGetsAnErrorNamingTheItem() {
        try (PairIterator it = PairIterator.builder(fixture, TOKENIZER, STRETCH).batchSize(4)
                .itemPolicy(ItemPolicy.FAIL).build()) {
            assertThatThrownBy(() -> {
                while (it.hasNext()) {
                    it.next();
                }
            }).isInstanceOf(UserInputException.class)
                    .hasMessage(TestDatasets.fixture().resolve("data/23.jpg") + " (pair 23): truncated JPEG: the image "
                            + "data ends without an end-of-image marker (data.item_policy is fail)");
        }
    }

    @Test
    void anExceptionInAWorkerSurfacesInTheConsumerWithThePairNamed() {
        ImageTransform failing = counting(new AtomicInteger(), "boom");
        try (PairIterator it = PairIterator.builder(forty, TOKENIZER, failing).batchSize(4).build()) {
            assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("pair 1 (" + forty.get(0).image() + "): preprocessing failed: ")
                    .hasRootCauseMessage("boom");
        }
    }

    @Test
    void closeStopsTheWorkerThreads() {
        PairIterator it = PairIterator.builder(forty, TOKENIZER, STRETCH).batchSize(2).build();
        it.next();
        it.close();
        assertThat(it.isTerminated()).isTrue();
        assertThatThrownBy(it::hasNext).isInstanceOf(IllegalStateException.class).hasMessage("the pair iterator is closed");
        it.close();
        assertThat(it.asyncSupported()).isFalse();
        assertThat(it.resetSupported()).isTrue();
    }

    @Test
    void anEmptyPartHasNoBatches() {
        try (PairIterator it = PairIterator.builder(List.of(), TOKENIZER, STRETCH).build()) {
            assertThat(it.hasNext()).isFalse();
        }
    }

    /** Per epoch, the ids in the order they were served. */
    private static List<List<String>> epochs(List<Pair> pairs, long seed, int workers, int prefetch, int n) {
        List<List<String>> out = new ArrayList<>();
        try (PairIterator it = PairIterator.builder(pairs, TOKENIZER, STRETCH).batchSize(6).shuffle(seed)
                .workers(workers).prefetchBatches(prefetch).build()) {
            for (int e = 0; e < n; e++) {
                List<String> ids = new ArrayList<>();
                while (it.hasNext()) {
                    it.next();
                    ids.addAll(it.lastBatchIds());
                }
                out.add(ids);
                it.reset();
            }
        }
        return out;
    }

    /** Waits (up to 20 s) until {@code counter} reaches {@code expected}, then 500 ms more, and returns it. */
    private static int settle(AtomicInteger counter, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (counter.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(500);
        return counter.get();
    }

    private static ImageTransform counting(AtomicInteger counter, String failWith) {
        return new ImageTransform() {
            @Override
            public float[] apply(RgbImage image) {
                if (failWith != null) {
                    throw new IllegalArgumentException(failWith);
                }
                counter.incrementAndGet();
                return STRETCH.apply(image);
            }

            @Override
            public int size() {
                return STRETCH.size();
            }
        };
    }

    private static Pair byId(List<Pair> pairs, String id) {
        return pairs.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    private static float[] oneHot(int index) {
        float[] v = new float[3];
        v[index] = 1;
        return v;
    }
}
