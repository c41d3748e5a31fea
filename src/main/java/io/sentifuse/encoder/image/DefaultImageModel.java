package io.sentifuse.encoder.image;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.encoder.tfjs.NpmTarball;
import io.sentifuse.encoder.tfjs.NsfwjsModel;
import io.sentifuse.image.ImagePreset;
import java.nio.file.Path;
import java.util.Optional;
import onnx.Onnx.ModelProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pretrained image model that works offline: nsfwjs 4.4.0's MobileNetV2 (TF.js layers, ImageNet-initialised,
 * fine-tuned on 5 classes), fetched with {@code npm pack} into the cache on first use, converted to ONNX, with
 * its 1280-d pooled vector ({@code flatten_1}) and 7 x 7 x 1280 spatial map ({@code out_relu}) exposed.
 * The config's {@code image.model: default} (or {@code nsfwjs-mobilenet-v2}) means this model;
 * {@code nsfwjs-inception-v3} the package's other model, converted the same way.
 */
public final class DefaultImageModel {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultImageModel.class);

    /** Config value of {@code image.model} that selects it. */
    public static final String CONFIG_NAME = "default";
    /** {@code image.model} naming the same MobileNetV2 explicitly. */
    public static final String MOBILENET_V2_NAME = "nsfwjs-mobilenet-v2";
    /** {@code image.model} naming nsfwjs's InceptionV3 (299 x 299, 2048-d pooled vector, 8 x 8 regions). */
    public static final String INCEPTION_V3_NAME = "nsfwjs-inception-v3";

    private DefaultImageModel() {
    }

    /** The nsfwjs model an {@code image.model} value names, if it names one rather than an ONNX file. */
    public static Optional<NsfwjsModel> named(String configValue) {
        return switch (configValue) {
            case CONFIG_NAME, MOBILENET_V2_NAME -> Optional.of(NsfwjsModel.MOBILENET_V2);
            case INCEPTION_V3_NAME -> Optional.of(NsfwjsModel.INCEPTION_V3);
            default -> Optional.empty();
        };
    }

    /** The input transform nsfwjs gives {@code which}: stretched to its size, pixels / 255. */
    public static ImagePreset preset(NsfwjsModel which) {
        return which == NsfwjsModel.MOBILENET_V2 ? ImagePreset.NSFWJS_MOBILENET_V2 : ImagePreset.NSFWJS_INCEPTION_V3;
    }

    /** Fetches (first use), converts and prepares the model; {@code cacheRoot} from {@code CacheRoot.resolve}. */
    public static PreparedImageModel load(Path cacheRoot) {
        return load(cacheRoot, NsfwjsModel.MOBILENET_V2);
    }

    /** As {@link #load(Path)} for either nsfwjs layers model. */
    public static PreparedImageModel load(Path cacheRoot, NsfwjsModel which) {
        Path npm = CacheRoot.npm(cacheRoot);
        long start = System.nanoTime();
        ModelProto onnx = which.convert(npm);
        LOG.info("converted {} from TF.js to ONNX in {} ms ({} nodes)", which.id(), (System.nanoTime() - start) / 1_000_000,
                onnx.getGraph().getNodeCount());
        return ImageModels.prepare(onnx, npm.resolve(NpmTarball.NSFWJS.fileName()) + "!/" + which.id(), preset(which));
    }
}
