package io.sentifuse.features.store;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ExperimentConfig;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.config.TextConfig;
import io.sentifuse.data.CheckedDataset;
import io.sentifuse.data.Dataset;
import io.sentifuse.data.Pair;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.encoder.ModelSource;
import io.sentifuse.encoder.TextEncoder;
import io.sentifuse.encoder.TextModelChoice;
import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.face.FaceEncoder;
import io.sentifuse.encoder.face.FaceFeatures;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.TranslationOptions;
import io.sentifuse.encoder.tfjs.HumanModel;
import io.sentifuse.encoder.tfjs.NpmTarball;
import io.sentifuse.encoder.tfjs.TfjsGraphToOnnx;
import io.sentifuse.files.Checksums;
import io.sentifuse.image.ImageDecoder;
import io.sentifuse.image.ImageTransforms;
import io.sentifuse.image.TransformSpec;
import io.sentifuse.text.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the feature stores an experiment needs exist: reads the dataset, computes the store keys from
 * the configuration (without loading any encoder), and fills what is missing. Encoders are loaded only when
 * a store must be (re)filled, so a run on a warm cache starts in seconds.
 */
final class FeaturePreparation {

    private static final Logger LOG = LoggerFactory.getLogger(FeaturePreparation.class);

    /** Texts per text-encoder call. */
    static final int TEXT_BATCH = 32;
    /** Images per image-encoder call. */
    static final int IMAGE_BATCH = 16;

    /**
     * The dataset and its stores.
     *
     * @param text       null when no text features were asked for
     * @param image      null when no image features were asked for
     * @param extraTexts the stores of {@code text.extra_models} in order (empty when no text was asked for)
     */
    record Prepared(CheckedDataset dataset, TextStore text, ImageStore image, List<ExtraText> extraTexts) {
    }

    /** One of {@code text.extra_models}: its store and how its pooled vector is read. */
    record ExtraText(TextModelChoice choice, TextStore store) {
    }

    private FeaturePreparation() {
    }

    /**
     * The dataset's stores, filled where needed. Every finished shard's CRC-32C is checked when a store is opened
     * (a damaged shard is computed again), so a flipped byte on disk never reaches training.
     */
    static Prepared prepare(ExperimentConfig config, boolean wantText, boolean wantImage, FillListener listener) {
        return prepare(CheckedDataset.read(config.data()), config, wantText, wantImage, listener);
    }

    /** As above, for {@code config}'s dataset the caller has already read and checked. */
    static Prepared prepare(CheckedDataset checked, ExperimentConfig config, boolean wantText, boolean wantImage,
                            FillListener listener) {
        Dataset dataset = checked.dataset();
        String checksum = checked.checksum();
        PairRecordReader records = checked.reader();
        Path cacheRoot = CacheRoot.resolve(config.output().cacheDir());
        FeatureCache cache = new FeatureCache(cacheRoot, true);
        List<String> ids = dataset.items().stream().map(Pair::id).toList();
        TextConfig tc = config.text();
        TextModelChoice main = wantText ? TextModelChoice.of(tc) : null;
        TextStore text = wantText ? text(main, main.tokenizerFile(tc.tokenizer(), cacheRoot), tc.maxLength(), cache,
                cacheRoot, records, checksum, ids, listener) : null;
        List<ExtraText> extra = new ArrayList<>();
        if (wantText) {
            for (int i = 0; i < tc.extraModels().size(); i++) {
                // each extra encoder with its own tokenizer, pooling and prefix: the store a run with it as
                // text.model fills, so those stores are shared
                String key = "text.extra_models[" + i + "]";
                TextModelChoice choice = TextModelChoice.named(tc.extraModels().get(i), key);
                extra.add(new ExtraText(choice, text(choice, choice.tokenizerFile(cacheRoot, key), tc.maxLength(),
                        cache, cacheRoot, records, checksum, ids, listener)));
            }
        }
        ImageStore image = wantImage ? image(config, cache, cacheRoot, records, checksum, ids, listener) : null;
        return new Prepared(checked, text, image, List.copyOf(extra));
    }

    private static TextStore text(TextModelChoice choice, Path tokenizerFile, int maxLength, FeatureCache cache,
                                  Path cacheRoot, PairRecordReader records, String checksum, List<String> ids,
                                  FillListener listener) {
        ModelSource source = choice.source();
        Tokenizer tokenizer = choice.tokenizer(tokenizerFile);
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("model", source.name());
        identity.put("model_sha256", source.sha256(new GraphCache(cacheRoot).checksums()));
        identity.put("tokenizer_sha256", Checksums.sha256(tokenizerFile));
        if (!choice.prefix().isEmpty()) {
            // only when set, so stores filled before prefixes existed keep their keys
            identity.put("prefix", choice.prefix());
        }
        identity.put("max_length", maxLength);
        identity.put("translator", OnnxTranslator.NUMERICS_VERSION);
        identity.put("dataset_sha256", checksum);
        identity.put("ids_sha256", FeatureCache.idsDigest(ids));
        Memo<TextEncoder> encoder = new Memo<>(() -> {
            LOG.info("loading the text encoder {} to fill its feature store", source.name());
            TextEncoder e = TextEncoder.open(source, choice.pooling(), cacheRoot);
            e.checkTokenizer(tokenizer, tokenizerFile.toString());
            return e;
        });
        try (encoder) {
            return cache.obtain("text", identity, ids,
                    (dir, manifest) -> TextFill.fill(dir, manifest, records, tokenizer, maxLength,
                            () -> encoder.get()::encode,
                            () -> encoderProvenance(source.name(), tokenizerFile, encoder.get().verification(),
                                    encoder.get().cached()),
                            TEXT_BATCH, listener),
                    TextStore::new);
        }
    }

    private static ImageStore image(ExperimentConfig config, FeatureCache cache, Path cacheRoot, PairRecordReader records,
                                    String checksum, List<String> ids, FillListener listener) {
        ImageModelChoice model = ImageModelChoice.of(config.image(), cacheRoot);
        Map<String, Object> identity = new LinkedHashMap<>(model.identity());
        identity.put("translator", OnnxTranslator.NUMERICS_VERSION);
        if (model.mayHaveDepthwiseLayers()) {
            // InceptionV3 has none: its stores keep one key on every build
            putDepthwise(identity);
        }
        identity.put("dataset_sha256", checksum);
        identity.put("ids_sha256", FeatureCache.idsDigest(ids));
        Memo<ImageModelChoice.Loaded> encoder = new Memo<>(() -> {
            LOG.info("loading the image encoder {} to fill its feature store", model.name());
            return model.load();
        });
        ImageStore store;
        try (encoder) {
            store = cache.obtain("image", identity, ids,
                    (dir, manifest) -> ImageFill.fill(dir, manifest, records, new ImageDecoder(),
                            model.transform(), config.data().itemPolicy(), config.data().workers(),
                            () -> encoder.get().encoder(), () -> encoder.get().provenance(), IMAGE_BATCH, listener),
                    ImageStore::new);
        }
        if (config.image().faces() == ImageConfig.Faces.NONE) {
            return store;
        }
        return store.joined(faces(config, cache, cacheRoot, records, checksum, ids, listener));
    }

    /**
     * A CNN's outputs depend, in their last bits, on the form its depthwise convolutions run in, which follows the
     * ND4J build ({@link TranslationOptions.Depthwise}). Only the native form is named: stores filled before the
     * choice existed ran shifted products and keep their keys.
     */
    private static void putDepthwise(Map<String, Object> identity) {
        TranslationOptions.Depthwise form = TranslationOptions.Depthwise.forBackend();
        if (form != TranslationOptions.Depthwise.TAPS) {
            identity.put("depthwise", form.id());
        }
    }

    /**
     * The face features of {@code image.faces}: a store of its own (one region), so the CNN's store is shared with
     * runs without them and the faces' with every CNN.
     */
    private static ImageStore faces(ExperimentConfig config, FeatureCache cache, Path cacheRoot,
                                    PairRecordReader records, String checksum, List<String> ids, FillListener listener) {
        TransformSpec transform = FaceEncoder.transform();
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("model", HumanModel.BLAZEFACE.id() + "+" + HumanModel.EMOTION.id());
        identity.put("package_integrity", NpmTarball.HUMAN.integrity());
        identity.put("converter", TfjsGraphToOnnx.CONVERTER_VERSION);
        identity.put("faces", ConfigSchema.yamlEnum(config.image().faces()) + "-" + FaceFeatures.VERSION);
        identity.put("face_settings", FaceEncoder.settings());
        identity.put("transform", transform.toString());
        identity.put("translator", OnnxTranslator.NUMERICS_VERSION);
        putDepthwise(identity);
        identity.put("dataset_sha256", checksum);
        identity.put("ids_sha256", FeatureCache.idsDigest(ids));
        Memo<FaceEncoder> encoder = new Memo<>(() -> {
            LOG.info("loading the face models (BlazeFace, emotion) to fill their feature store");
            return FaceEncoder.open(cacheRoot);
        });
        try (encoder) {
            return cache.obtain("face", identity, ids,
                    (dir, manifest) -> ImageFill.fill(dir, manifest, records, new ImageDecoder(),
                            ImageTransforms.create(transform), config.data().itemPolicy(), config.data().workers(),
                            () -> faceFill(encoder.get()), () -> encoderProvenance("face expressions", null,
                                    encoder.get().provenance(), false), IMAGE_BATCH, listener),
                    ImageStore::new);
        }
    }

    /** The face encoder as the image fill drives it: the face vector is the pooled vector and the one region. */
    private static ImageFill.Encoder faceFill(FaceEncoder faces) {
        return new ImageFill.Encoder() {
            @Override
            public int dim() {
                return FaceFeatures.DIM;
            }

            @Override
            public int regions() {
                return 1;
            }

            @Override
            public INDArray[] encode(INDArray images) {
                float[][] v = faces.encode(images);
                float[] flat = StoreFiles.concat(v);
                return new INDArray[] {Nd4j.create(flat, new long[] {v.length, FaceFeatures.DIM}, 'c'),
                    Nd4j.create(flat.clone(), new long[] {v.length, 1, FaceFeatures.DIM}, 'c')};
            }
        };
    }

    static Map<String, Object> encoderProvenance(String model, Path tokenizer, Object verification, boolean cachedGraph) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("model", model);
        if (tokenizer != null) {
            p.put("tokenizer", tokenizer.toString());
        }
        p.put("verification", verification);
        p.put("graph_from_cache", cachedGraph);
        return p;
    }

    /**
     * A value computed on first use; closing it closes the value if it was computed. Fills close their encoder when
     * done: its graph's session arrays (up to ~1.5 GiB each) would otherwise wait for the collector while the next
     * store fills or a run trains.
     */
    static final class Memo<T extends AutoCloseable> implements Supplier<T>, AutoCloseable {
        private final Supplier<T> compute;
        private T value;
        private boolean closed;

        Memo(Supplier<T> compute) {
            this.compute = compute;
        }

        @Override
        public synchronized T get() {
            if (closed) {
                throw new IllegalStateException("the encoder was closed after its fill");
            }
            if (value == null) {
                value = compute.get();
            }
            return value;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (value != null) {
                try {
                    value.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot close " + value + " after its fill: " + e.getMessage(), e);
                }
                value = null;
            }
        }
    }
}
