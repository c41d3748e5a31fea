package io.sentifuse.features.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.config.DataConfig.ItemPolicy;
import io.sentifuse.config.TextConfig;
import io.sentifuse.data.Label;
import io.sentifuse.data.Pair;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TokenTensors;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.features.FeatureBatch;
import io.sentifuse.features.FeatureKind;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.text.Tokenizers;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The store mechanics with fake encoders whose outputs are known functions of their inputs. */
class FeatureStoreTest {

    private static final int DIM = 4;
    private static final int PAIRS = 300; // two shards of 256 + 44

    @TempDir
    Path tmp;

    /** Token state (t, h) of a text = id_t / 1000 + h: easy to predict from the tokenizer's ids. */
    static final class FakeText implements TextFill.Encoder {
        final AtomicInteger texts = new AtomicInteger();
        int failAfterTexts = Integer.MAX_VALUE;

        @Override
        public TextEncoder.Features encode(TokenTensors batch) {
            int b = (int) batch.batchSize();
            int t = (int) batch.length();
            if (texts.addAndGet(b) > failAfterTexts) {
                throw new IllegalStateException("simulated crash");
            }
            long[] ids = batch.ids().data().asLong();
            long[] mask = batch.mask().data().asLong();
            float[] states = new float[b * t * DIM];
            float[] mean = new float[b * DIM];
            float[] cls = new float[b * DIM];
            for (int r = 0; r < b; r++) {
                int real = 0;
                for (int j = 0; j < t; j++) {
                    for (int h = 0; h < DIM; h++) {
                        float v = ids[r * t + j] / 1000f + h;
                        states[(r * t + j) * DIM + h] = v;
                        if (mask[r * t + j] == 1) {
                            mean[r * DIM + h] += v;
                        }
                        if (j == 0) {
                            cls[r * DIM + h] = v;
                        }
                    }
                    real += (int) mask[r * t + j];
                }
                for (int h = 0; h < DIM; h++) {
                    mean[r * DIM + h] /= real;
                }
            }
            INDArray m = Nd4j.create(mean, new long[] {b, DIM}, 'c');
            return new TextEncoder.Features(Nd4j.create(states, new long[] {b, t, DIM}, 'c'),
                    Nd4j.create(cls, new long[] {b, DIM}, 'c'), m, m);
        }
    }

    static List<Pair> pairs(int n, Path image) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Pair("p" + i, "text number " + i + (i % 7 == 0 ? " with a longer tail of words" : ""),
                    "UTF-8", image, Label.ofIndex(i % 3), null, null));
        }
        return out;
    }

    private TextStore fillText(FeatureCache cache, List<Pair> pairs, FakeText encoder, Map<String, Object> identity) {
        var tokenizer = Tokenizers.defaultMiniLm();
        return cache.obtain("text", identity, pairs.stream().map(Pair::id).toList(),
                (dir, manifest) -> TextFill.fill(dir, manifest, PairRecordReader.of(pairs), tokenizer, 16, () -> encoder,
                        () -> Map.of("encoder", "fake"), 32, (w, d, t) -> { }),
                TextStore::new);
    }

    @Test
    void textStoreHoldsWhatTheEncoderComputedForEveryPair() {
        List<Pair> pairs = pairs(PAIRS, tmp.resolve("none.jpg"));
        FakeText encoder = new FakeText();
        TextStore store = fillText(new FeatureCache(tmp, false), pairs, encoder, Map.of("v", 1));
        assertThat(encoder.texts.get()).isEqualTo(PAIRS);
        assertThat(store.rows()).isEqualTo(PAIRS);
        assertThat(store.dim()).isEqualTo(DIM);
        var tokenizer = Tokenizers.defaultMiniLm();
        for (int i : new int[] {0, 7, 255, 256, 299}) {
            long[] ids = tokenizer.encode(pairs.get(i).text(), 16).ids();
            int row = store.row("p" + i);
            assertThat(store.length(row)).isEqualTo(ids.length);
            float[] tokens = new float[ids.length * DIM];
            store.copyTokens(row, tokens, 0);
            float[] cls = new float[DIM];
            store.copyCls(row, cls, 0);
            float[] mean = new float[DIM];
            store.copyMean(row, mean, 0);
            for (int h = 0; h < DIM; h++) {
                double expectedMean = 0;
                for (int j = 0; j < ids.length; j++) {
                    assertThat(tokens[j * DIM + h]).isEqualTo(ids[j] / 1000f + h);
                    expectedMean += ids[j] / 1000.0 + h;
                }
                assertThat(cls[h]).isEqualTo(ids[0] / 1000f + h);
                assertThat((double) mean[h]).isCloseTo(expectedMean / ids.length, within(1e-5));
            }
        }
        assertThat(store.provenance()).containsEntry("encoder", "fake");
    }

    @Test
    void aKilledFillResumesAtTheFirstMissingShardAndAWarmStoreEncodesNothing() {
        List<Pair> pairs = pairs(PAIRS, tmp.resolve("none.jpg"));
        FeatureCache cache = new FeatureCache(tmp, false);
        FakeText crashing = new FakeText();
        crashing.failAfterTexts = 270; // dies inside the second shard
        assertThatThrownBy(() -> fillText(cache, pairs, crashing, Map.of("v", 2))).hasMessageContaining("simulated");

        FakeText second = new FakeText();
        TextStore store = fillText(cache, pairs, second, Map.of("v", 2));
        assertThat(second.texts.get()).isEqualTo(PAIRS - StoreFiles.SHARD_ROWS);
        assertThat(store.rows()).isEqualTo(PAIRS);

        FakeText third = new FakeText();
        fillText(cache, pairs, third, Map.of("v", 2));
        assertThat(third.texts.get()).isZero();
    }

    @Test
    void aDamagedShardIsRecomputedAndAnotherIdentityGetsItsOwnStore() throws IOException {
        List<Pair> pairs = pairs(PAIRS, tmp.resolve("none.jpg"));
        FeatureCache cache = new FeatureCache(tmp, false);
        TextStore store = fillText(cache, pairs, new FakeText(), Map.of("v", 3));
        try (FileChannel ch = FileChannel.open(StoreFiles.shard(store.dir(), 1), StandardOpenOption.WRITE)) {
            ch.truncate(100);
        }
        FakeText repair = new FakeText();
        fillText(cache, pairs, repair, Map.of("v", 3));
        assertThat(repair.texts.get()).isEqualTo(PAIRS - StoreFiles.SHARD_ROWS);

        // a flipped byte keeps the size: only the checksum pass sees it
        Path shard0 = StoreFiles.shard(store.dir(), 0);
        byte[] bytes = Files.readAllBytes(shard0);
        bytes[10] ^= 1;
        Files.write(shard0, bytes);
        FakeText sizeOnly = new FakeText();
        fillText(cache, pairs, sizeOnly, Map.of("v", 3));
        assertThat(sizeOnly.texts.get()).isZero();
        FakeText checked = new FakeText();
        fillText(new FeatureCache(tmp, true), pairs, checked, Map.of("v", 3));
        assertThat(checked.texts.get()).isEqualTo(StoreFiles.SHARD_ROWS);

        // a damaged complete store whose encoder cannot run: the error names the shard
        bytes = Files.readAllBytes(shard0);
        bytes[20] ^= 1;
        Files.write(shard0, bytes);
        var tokenizer = Tokenizers.defaultMiniLm();
        assertThatThrownBy(() -> new FeatureCache(tmp, true).obtain("text", Map.of("v", 3),
                pairs.stream().map(Pair::id).toList(),
                (dir, manifest) -> TextFill.fill(dir, manifest, PairRecordReader.of(pairs), tokenizer, 16, () -> {
                    throw new UserInputException("the text model cannot be loaded (offline)");
                }, Map::of, 32, (w, d, t) -> { }), TextStore::new))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("shard(s) shard-00000.f32 are damaged")
                .hasMessageContaining("the text model cannot be loaded (offline)");

        FakeText other = new FakeText();
        TextStore otherStore = fillText(cache, pairs, other, Map.of("v", 4));
        assertThat(other.texts.get()).isEqualTo(PAIRS);
        assertThat(otherStore.dir()).isNotEqualTo(store.dir());
    }

    /** Pooled = (mean pixel of the image + c), regions r = pooled + r / 100. */
    static final class FakeImage implements ImageFill.Encoder {
        @Override
        public int dim() {
            return 3;
        }

        @Override
        public int regions() {
            return 2;
        }

        @Override
        public INDArray[] encode(INDArray images) {
            int b = (int) images.size(0);
            INDArray means = images.reshape(b, -1).mean(1);
            float[] pooled = new float[b * 3];
            float[] regions = new float[b * 2 * 3];
            for (int i = 0; i < b; i++) {
                for (int c = 0; c < 3; c++) {
                    pooled[i * 3 + c] = means.getFloat(i) + c;
                    for (int r = 0; r < 2; r++) {
                        regions[(i * 2 + r) * 3 + c] = pooled[i * 3 + c] + r / 100f;
                    }
                }
            }
            return new INDArray[] {Nd4j.create(pooled, new long[] {b, 3}, 'c'),
                    Nd4j.create(regions, new long[] {b, 2, 3}, 'c')};
        }
    }

    /** Every pixel 0.5 whatever the image: fine for checking bookkeeping. */
    private static final ImageTransform FLAT = new ImageTransform() {
        @Override
        public float[] apply(io.sentifuse.image.RgbImage image) {
            float[] out = new float[3 * 8 * 8];
            java.util.Arrays.fill(out, 0.5f);
            return out;
        }

        @Override
        public int size() {
            return 8;
        }
    };

    /** 20 pairs of the fixture's first image, but pair "bad" (the 6th) has a truncated copy of it. */
    private List<Pair> pairsWithOneUnreadableImage() throws IOException {
        Path good = Path.of("datasets/fixture/mvsa-single/data/1.jpg");
        Path truncated = tmp.resolve("broken.jpg");
        byte[] bytes = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        List<Pair> pairs = new ArrayList<>(pairs(20, good));
        pairs.set(5, new Pair("bad", "x", "UTF-8", truncated, Label.NEUTRAL, null, null));
        return pairs;
    }

    @Test
    void unreadableImagesAreListedUnderSkipAndStopTheFillUnderFail() throws IOException {
        List<Pair> pairs = pairsWithOneUnreadableImage();
        List<String> ids = pairs.stream().map(Pair::id).toList();
        FeatureCache cache = new FeatureCache(tmp, false);

        assertThatThrownBy(() -> cache.obtain("image", Map.of("policy", "fail"), ids,
                (dir, m) -> ImageFill.fill(dir, m, PairRecordReader.of(pairs), new ImageDecoder(), FLAT, ItemPolicy.FAIL, 2, FakeImage::new,
                        Map::of, 4, (w, d, t) -> { }), ImageStore::new))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("pair bad: image " + tmp.resolve("broken.jpg"));

        ImageStore store = cache.obtain("image", Map.of("policy", "skip"), ids,
                (dir, m) -> ImageFill.fill(dir, m, PairRecordReader.of(pairs), new ImageDecoder(), FLAT, ItemPolicy.SKIP, 2, FakeImage::new,
                        Map::of, 4, (w, d, t) -> { }), ImageStore::new);
        assertThat(store.missingPairs()).containsOnlyKeys("bad");
        assertThat(store.regions()).isEqualTo(2);
        float[] pooled = new float[3];
        store.copyPooled(store.row("p0"), pooled, 0);
        assertThat(pooled).containsExactly(0.5f, 1.5f, 2.5f);
        float[] regions = new float[6];
        store.copyRegions(store.row("p19"), regions, 0);
        assertThat(regions).containsExactly(0.5f, 1.5f, 2.5f, 0.51f, 1.51f, 2.51f);
    }

    /** A per-image vector (7 + c) of one region, like the face features. */
    static final class FakePerImage implements ImageFill.Encoder {
        @Override
        public int dim() {
            return 2;
        }

        @Override
        public int regions() {
            return 1;
        }

        @Override
        public INDArray[] encode(INDArray images) {
            int b = (int) images.size(0);
            float[] v = new float[b * 2];
            for (int i = 0; i < b; i++) {
                v[i * 2] = 7;
                v[i * 2 + 1] = 8;
            }
            return new INDArray[] {Nd4j.create(v, new long[] {b, 2}, 'c'), Nd4j.create(v, new long[] {b, 1, 2}, 'c')};
        }
    }

    @Test
    void aJoinedStoreAppendsThePerImageVectorToThePooledVectorAndEveryRegion() throws IOException {
        List<Pair> pairs = pairsWithOneUnreadableImage();
        List<String> ids = pairs.stream().map(Pair::id).toList();
        FeatureCache cache = new FeatureCache(tmp, false);
        ImageStore cnn = cache.obtain("image", Map.of("m", "cnn"), ids,
                (dir, m) -> ImageFill.fill(dir, m, PairRecordReader.of(pairs), new ImageDecoder(), FLAT, ItemPolicy.SKIP, 2, FakeImage::new,
                        Map::of, 4, (w, d, t) -> { }), ImageStore::new);
        ImageStore faces = cache.obtain("faces", Map.of("m", "faces"), ids,
                (dir, m) -> ImageFill.fill(dir, m, PairRecordReader.of(pairs), new ImageDecoder(), FLAT, ItemPolicy.SKIP, 2, FakePerImage::new,
                        Map::of, 4, (w, d, t) -> { }), ImageStore::new);

        ImageStore joined = cnn.joined(faces);
        assertThat(joined.dim()).isEqualTo(5);
        assertThat(joined.regions()).isEqualTo(2);
        assertThat(joined.missingPairs()).containsOnlyKeys("bad");
        assertThat(joined.key()).isEqualTo(cnn.key() + "+" + faces.key());
        float[] pooled = new float[5];
        joined.copyPooled(joined.row("p19"), pooled, 0);
        assertThat(pooled).containsExactly(0.5f, 1.5f, 2.5f, 7f, 8f);
        float[] regions = new float[1 + 10];
        joined.copyRegions(joined.row("p19"), regions, 1);
        assertThat(regions).containsExactly(0f, 0.5f, 1.5f, 2.5f, 7f, 8f, 0.51f, 1.51f, 2.51f, 7f, 8f);
        // the CNN store itself is unchanged
        float[] own = new float[6];
        cnn.copyRegions(cnn.row("p19"), own, 0);
        assertThat(own).containsExactly(0.5f, 1.5f, 2.5f, 0.51f, 1.51f, 2.51f);
        assertThatThrownBy(() -> faces.joined(cnn)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2 regions)");
    }

    @Test
    void cachedFeatureSetBatchesPadTokensAndFollowThePoolingSetting() {
        List<Pair> pairs = pairs(40, Path.of("datasets/fixture/mvsa-single/data/1.jpg"));
        TextStore text = fillText(new FeatureCache(tmp, false), pairs, new FakeText(), Map.of("v", 5));
        List<Pair> part = List.of(pairs.get(7), pairs.get(1), pairs.get(2));
        CachedFeatureSet mean = new CachedFeatureSet(PairRecordReader.of(part), text, null,
                TextConfig.Pooling.MEAN, List.of());
        CachedFeatureSet cls = new CachedFeatureSet(PairRecordReader.of(part), text, null,
                TextConfig.Pooling.CLS, List.of());
        assertThat(mean.kinds()).containsExactlyInAnyOrder(FeatureKind.TEXT_POOLED, FeatureKind.TEXT_TOKENS);
        assertThat(mean.dims().imageDim()).isZero();
        try (FeatureBatch b = mean.batch(new int[] {0, 1}, EnumSet.of(FeatureKind.TEXT_POOLED, FeatureKind.TEXT_TOKENS));
             FeatureBatch c = cls.batch(new int[] {0, 1}, EnumSet.of(FeatureKind.TEXT_POOLED))) {
            assertThat(b.ids()).containsExactly("p7", "p1");
            assertThat(b.labels()).containsExactly(1, 1);
            int longest = text.length(text.row("p7"));
            assertThat(b.textTokens().shape()).containsExactly(2, longest, DIM);
            assertThat(b.textMask().sumNumber().intValue()).isEqualTo(longest + text.length(text.row("p1")));
            assertThat(b.textTokens().dataType()).isEqualTo(DataType.FLOAT);
            float[] expectedCls = new float[DIM];
            text.copyCls(text.row("p7"), expectedCls, 0);
            assertThat(c.textPooled().getRow(0).toFloatVector()).containsExactly(expectedCls);
            float[] expectedMean = new float[DIM];
            text.copyMean(text.row("p7"), expectedMean, 0);
            assertThat(b.textPooled().getRow(0).toFloatVector()).containsExactly(expectedMean);
        }
        assertThatThrownBy(() -> mean.batch(new int[] {0}, EnumSet.of(FeatureKind.IMAGE_POOLED)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
