package io.sentifuse.data.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.data.Pair;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.data.TestDatasets;
import io.sentifuse.data.TestStretch;
import io.sentifuse.data.TestTokenizer;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.RgbImage;
import io.sentifuse.model.BatchSource;
import io.sentifuse.text.Encoding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PairStreamTest {

    private static final TestTokenizer TOKENIZER = new TestTokenizer();
    private static final TestStretch STRETCH = new TestStretch(32);

    @TempDir
    static Path dir;

    static PairRecordReader forty;
    static PairRecordReader fixture;

    @BeforeAll
    static void data() {
        forty = PairRecordReader.open(TestDatasets.mvsaSingle(dir, 40), "mvsa-single");
        fixture = PairRecordReader.open(TestDatasets.fixture(), "mvsa-single");
    }

    private static PairStream.Builder stream(PairRecordReader reader) {
        return PairStream.builder(reader, TOKENIZER, STRETCH);
    }

    @Test
    void batchesHaveTheDocumentedShapesTypesAndTheRecordsClassIndices() {
        try (PairStream s = stream(forty).build()) {
            Iterator<PairBatch> it = s.pass(16, BatchSource.IN_ORDER);
            try (PairBatch b = it.next()) {
                assertThat(b.tokenIds().dataType()).isEqualTo(DataType.INT64);
                assertThat(b.attentionMask().dataType()).isEqualTo(DataType.INT64);
                assertThat(b.images().dataType()).isEqualTo(DataType.FLOAT);
                assertThat(b.tokenIds().shape()).isEqualTo(b.attentionMask().shape());
                assertThat(b.size()).isEqualTo(16);
                assertThat(b.images().shape()).containsExactly(16, 3, 32, 32);
                for (int i = 0; i < 16; i++) {
                    Pair p = forty.pair(i);
                    assertThat(b.ids()[i]).isEqualTo(p.id());
                    assertThat(b.labels()[i]).isEqualTo(p.label().index());
                }
            }
            assertThat(it.next().size()).isEqualTo(16);
            assertThat(it.next().size()).isEqualTo(8);
            assertThat(it.hasNext()).isFalse();
            assertThat(s.labelIndices()).hasSize(40);
            assertThat(s.labelIndices()[3]).isEqualTo(forty.pair(3).label().index());
        }
    }

    @Test
    void textsArePaddedToTheLongestInTheBatchAndMasked() {
        try (PairStream s = stream(forty).maxLength(8).build()) {
            Iterator<PairBatch> it = s.pass(7, BatchSource.IN_ORDER);
            while (it.hasNext()) {
                PairBatch b = it.next();
                long[][] ids = b.tokenIds().toLongMatrix();
                long[][] mask = b.attentionMask().toLongMatrix();
                int longest = 0;
                for (int i = 0; i < ids.length; i++) {
                    Pair p = byId(forty, b.ids()[i]);
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
        try (PairStream s = stream(fixture).build()) {
            PairBatch b = s.pass(5, BatchSource.IN_ORDER).next();
            Pair first = byId(fixture, b.ids()[0]);
            float[] expected = STRETCH.apply(new ImageDecoder().decode(first.image()));
            assertThat(b.images().get(NDArrayIndex.point(0)).dup().reshape(-1).toFloatVector()).containsExactly(expected);
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
        List<String> inFileOrder = new ArrayList<>();
        try (PairStream s = stream(forty).build()) {
            s.pass(6, BatchSource.IN_ORDER).forEachRemaining(batch -> inFileOrder.addAll(Arrays.asList(batch.ids())));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < forty.size(); i++) {
            expected.add(forty.pair(i).id());
        }
        assertThat(inFileOrder).isEqualTo(expected);
    }

    @Test
    void aNewPassAbandonsTheOldOneAndAnEpochRepeatsExactly() {
        try (PairStream s = stream(forty).seed(7).build()) {
            Iterator<PairBatch> first = s.pass(10, 0);
            List<String> epoch0First = Arrays.asList(first.next().ids());
            List<String> epoch1First = Arrays.asList(s.pass(10, 1).next().ids());
            assertThat(first.hasNext()).as("the abandoned pass ends").isFalse();
            assertThat(epoch1First).isNotEqualTo(epoch0First);
            assertThat(Arrays.asList(s.pass(10, 0).next().ids())).isEqualTo(epoch0First);
        }
    }

    @Test
    void prefetchIsBoundedAndRunsAhead() throws InterruptedException {
        AtomicInteger transformed = new AtomicInteger();
        ImageTransform counting = counting(transformed, null);
        try (PairStream s = PairStream.builder(forty, TOKENIZER, counting).workers(2).prefetchBatches(3).build()) {
            Iterator<PairBatch> it = s.pass(2, BatchSource.IN_ORDER);
            // Before anything is consumed, exactly prefetch_batches batches are prepared, not more.
            assertThat(settle(transformed, 3 * 2)).isEqualTo(3 * 2);
            it.next();
            it.next();
            assertThat(settle(transformed, (2 + 3) * 2)).isEqualTo((2 + 3) * 2);
            assertThat(s.inFlight()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void corruptImagesAreSkippedAndListedUnderTheSkipPolicy() {
        int seen = 0;
        try (PairStream s = stream(fixture).build()) {
            Iterator<PairBatch> it = s.pass(4, BatchSource.IN_ORDER);
            while (it.hasNext()) {
                PairBatch b = it.next();
                seen += b.size();
                assertThat(b.ids()).doesNotContain("23");
            }
            assertThat(seen).isEqualTo(fixture.size() - 1);
            assertThat(s.skipped()).containsExactly("23: " + TestDatasets.fixture().resolve("data/23.jpg")
                    + " (pair 23): truncated JPEG: the image data ends without an end-of-image marker");
        }
    }

    @Test
    void underTheFailPolicyTheConsumerGetsAnErrorNamingTheItem() {
        try (PairStream s = stream(fixture).itemPolicy(ItemPolicy.FAIL).build()) {
            Iterator<PairBatch> it = s.pass(4, BatchSource.IN_ORDER);
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
        try (PairStream s = PairStream.builder(forty, TOKENIZER, failing).build()) {
            Iterator<PairBatch> it = s.pass(4, BatchSource.IN_ORDER);
            assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("pair 1 (" + forty.pair(0).image() + "): preprocessing failed: ")
                    .hasRootCauseMessage("boom");
        }
    }

    @Test
    void closeStopsTheWorkerThreads() {
        PairStream s = stream(forty).build();
        Iterator<PairBatch> it = s.pass(2, BatchSource.IN_ORDER);
        it.next();
        s.close();
        assertThat(s.isTerminated()).isTrue();
        assertThatThrownBy(it::hasNext).isInstanceOf(IllegalStateException.class).hasMessage("the pair stream is closed");
        s.close();
    }

    @Test
    void anEmptyPartHasNoBatches() {
        try (PairStream s = stream(forty.part(List.of())).build()) {
            assertThat(s.pass(4, BatchSource.IN_ORDER).hasNext()).isFalse();
            assertThat(s.size()).isZero();
        }
    }

    /** Per epoch, the ids in the order they were served. */
    private static List<List<String>> epochs(PairRecordReader pairs, long seed, int workers, int prefetch, int n) {
        List<List<String>> out = new ArrayList<>();
        try (PairStream s = stream(pairs).seed(seed).workers(workers).prefetchBatches(prefetch).build()) {
            for (int e = 0; e < n; e++) {
                List<String> ids = new ArrayList<>();
                s.pass(6, e).forEachRemaining(b -> ids.addAll(Arrays.asList(b.ids())));
                out.add(ids);
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

    private static Pair byId(PairRecordReader reader, String id) {
        for (int i = 0; i < reader.size(); i++) {
            if (reader.pair(i).id().equals(id)) {
                return reader.pair(i);
            }
        }
        throw new AssertionError("no pair " + id);
    }
}
