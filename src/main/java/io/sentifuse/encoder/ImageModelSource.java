package io.sentifuse.encoder;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.encoder.image.DefaultImageModel;
import io.sentifuse.encoder.image.FeatureLocator;
import io.sentifuse.encoder.image.ImageModels;
import io.sentifuse.encoder.image.LayerTap;
import io.sentifuse.encoder.image.PreparedImageModel;
import io.sentifuse.encoder.onnx.OnnxTranslator;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.encoder.tfjs.NpmTarball;
import io.sentifuse.encoder.tfjs.NsfwjsModel;
import io.sentifuse.encoder.tfjs.TfjsToOnnx;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImagePreset;
import java.nio.file.Files;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;

/**
 * The CNN an image encoder runs: a user's ONNX file (torchvision conventions: ImageNet normalisation, resize 256
 * and centre crop 224) or the pretrained default, nsfwjs's MobileNetV2 converted from TF.js. What gets translated
 * is the model after {@link FeatureLocator} exposed its pooled vector and last spatial map as outputs; its
 * identity ({@link #modelSource()}'s SHA-256, the graph-cache key) is that rewritten model's, remembered by the
 * original file's location, size and time plus the converter and rewrite versions, so a cache hit converts
 * nothing.
 */
public final class ImageModelSource {

    private final String name;
    private final ImagePreset preset;
    private final Path original;
    private final String variant;
    /** Whether the model is cut before its own features ({@code image.layer}). */
    private final boolean cut;
    private final java.util.function.Supplier<PreparedImageModel> preparer;
    private PreparedImageModel prepared;
    private ModelSource derived;

    private ImageModelSource(String name, ImagePreset preset, Path original, String variant, boolean cut,
                             java.util.function.Supplier<PreparedImageModel> preparer) {
        this.name = name;
        this.preset = preset;
        this.original = original;
        this.variant = variant;
        this.cut = cut;
        this.preparer = preparer;
    }

    /**
     * {@code image.model}: "default" (or another nsfwjs model's name, {@link DefaultImageModel#named}) or an ONNX
     * file; the nsfwjs tarball is kept under {@code cacheRoot}.
     */
    public static ImageModelSource fromConfig(ImageConfig image, Path cacheRoot) {
        ImageModelSource whole = named(image.model(), cacheRoot);
        return image.layer().isBlank() ? whole : whole.atLayer(image.layer());
    }

    /**
     * This model cut after {@code layer} ({@code image.layer}, {@link LayerTap}): that value is the spatial map and
     * its average the pooled vector; another graph, so another graph-cache key.
     */
    public ImageModelSource atLayer(String layer) {
        java.util.function.Supplier<PreparedImageModel> whole = preparer;
        return new ImageModelSource(name + "@" + layer, preset, original, variant + "#layer-" + layer + "-v"
                + LayerTap.VERSION, true, () -> {
                    PreparedImageModel p = whole.get();
                    ModelProto cut = LayerTap.cut(p.model(), layer, name);
                    return ImageModels.prepare(cut, name + "@" + layer, preset, p.spec().inputSize());
                });
    }

    /** An {@code image.model} value (a packaged model's name or an ONNX file) as a source, wherever it is given. */
    public static ImageModelSource named(String model, Path cacheRoot) {
        return DefaultImageModel.named(model).map(m -> nsfwjs(cacheRoot, m)).orElseGet(() -> file(Path.of(model)));
    }

    /** nsfwjs 4.4.0's MobileNetV2: 224 x 224, x / 255, 1280-d pooled vector, 7 x 7 spatial map. */
    public static ImageModelSource defaultModel(Path cacheRoot) {
        return nsfwjs(cacheRoot, NsfwjsModel.MOBILENET_V2);
    }

    /** One of nsfwjs 4.4.0's models, converted from TF.js. */
    public static ImageModelSource nsfwjs(Path cacheRoot, NsfwjsModel which) {
        Path npm = CacheRoot.npm(cacheRoot);
        Path tarball = NpmTarball.NSFWJS.fetch(npm);
        return new ImageModelSource(which.id(), DefaultImageModel.preset(which), tarball,
                which.id() + "#tfjs-onnx-" + TfjsToOnnx.CONVERTER_VERSION, false,
                () -> DefaultImageModel.load(cacheRoot, which));
    }

    /** A user's CNN ONNX file with torchvision's input conventions. */
    public static ImageModelSource file(Path onnx) {
        if (!Files.isRegularFile(onnx)) {
            throw new UserInputException("ONNX model " + onnx + " does not exist or is not a file");
        }
        return new ImageModelSource(onnx.toString(), ImagePreset.TORCHVISION, onnx, "file", false, () -> {
            OnnxModel model = ModelSource.file(onnx).parse();
            // Before ONNX Runtime sees it: a text model or an operator we cannot translate gets our message.
            ModelKind.IMAGE.require(model);
            new OnnxTranslator().check(model);
            return ImageModels.prepare(model.proto(), onnx.toString(), ImagePreset.TORCHVISION);
        });
    }

    public String name() {
        return name;
    }

    /** The model's own input transform ({@code auto} in the config). */
    public ImagePreset preset() {
        return preset;
    }

    /** Whether this is the pretrained nsfwjs MobileNetV2, whole (which has reference outputs to compare with). */
    public boolean isDefault() {
        return preset == ImagePreset.NSFWJS_MOBILENET_V2 && !cut;
    }

    /** The rewritten model (converted, checked, features exposed, shapes probed on ONNX Runtime); made once. */
    public synchronized PreparedImageModel prepare() {
        if (prepared == null) {
            prepared = preparer.get();
        }
        return prepared;
    }

    /** The rewritten model as the translator and verifier take it. */
    public synchronized ModelSource modelSource() {
        if (derived == null) {
            String location = original.toAbsolutePath() + "#" + variant + "#features-" + FeatureLocator.VERSION
                    + "#" + preset.id();
            derived = ModelSource.derived(name, location, original, () -> prepare().model().toByteArray());
        }
        return derived;
    }

    /**
     * Forgets the prepared model and its bytes (for a ResNet-50 two copies of 100 MB) once its graph is built;
     * {@link #prepare()} makes them again on demand (fine-tuning, benchmarks).
     */
    synchronized void release() {
        prepared = null;
        derived = null;
    }

    /** The rewritten model, parsed (for translation). */
    OnnxModel model() {
        return new OnnxModel(prepare().model(), name);
    }
}
