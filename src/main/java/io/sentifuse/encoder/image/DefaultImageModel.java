package io.sentifuse.encoder.image;

import io.sentifuse.cache.CacheRoot;
import io.sentifuse.encoder.tfjs.NpmTarball;
import io.sentifuse.encoder.tfjs.NsfwjsModel;
import io.sentifuse.image.ImagePreset;
import java.nio.file.Path;
import onnx.Onnx.ModelProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pretrained image model that works offline: nsfwjs 4.4.0's MobileNetV2 (TF.js layers, ImageNet-initialised,
 * fine-tuned on 5 classes), fetched with {@code npm pack} into the cache on first use, converted to ONNX, with
 * its 1280-d pooled vector ({@code flatten_1}) and 7 x 7 x 1280 spatial map ({@code out_relu}) exposed.
 * The config's {@code image.model: default} means this model.
 */
public final class DefaultImageModel {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultImageModel.class);

    /** Config value of {@code image.model} that selects it. */
    public static final String CONFIG_NAME = "default";

    private DefaultImageModel() {
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
        ImagePreset preset = which == NsfwjsModel.MOBILENET_V2 ? ImagePreset.NSFWJS_MOBILENET_V2
                : ImagePreset.NSFWJS_INCEPTION_V3;
        return ImageModels.prepare(onnx, npm.resolve(NpmTarball.NSFWJS.fileName()) + "!/" + which.id(), preset);
    }
}
