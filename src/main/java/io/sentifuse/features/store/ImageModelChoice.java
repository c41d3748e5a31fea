package io.sentifuse.features.store;

import io.sentifuse.config.ConfigSchema;
import io.sentifuse.config.ImageConfig;
import io.sentifuse.encoder.ImageEncoder;
import io.sentifuse.encoder.ImageModelSource;
import io.sentifuse.encoder.ModelSource;
import io.sentifuse.encoder.cache.GraphCache;
import io.sentifuse.encoder.image.DefaultImageModel;
import io.sentifuse.encoder.image.LayerTap;
import io.sentifuse.encoder.tfjs.NpmTarball;
import io.sentifuse.encoder.tfjs.NsfwjsModel;
import io.sentifuse.encoder.tfjs.TfjsToOnnx;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import io.sentifuse.image.TransformSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The image model {@code image.model} names and the input transform it gets, known without loading the
 * model (so the feature store key is cheap): the nsfwjs MobileNetV2 for {@code default}, else an ONNX file
 * treated as a torchvision-style CNN.
 */
final class ImageModelChoice {

    /**
     * A loaded encoder and what provenance should say about it; closing it frees the model's session arrays.
     */
    record Loaded(ImageEncoder model, Map<String, Object> provenance) implements AutoCloseable {

        /** The model as the fill uses it. */
        ImageFill.Encoder encoder() {
            return new ImageFill.Encoder() {
                @Override
                public int dim() {
                    return model.spec().pooledDim();
                }

                @Override
                public int regions() {
                    return model.spec().regions();
                }

                @Override
                public INDArray[] encode(INDArray images) {
                    ImageEncoder.Features f = model.encode(images);
                    return new INDArray[] {f.pooled(), f.regions()};
                }
            };
        }

        @Override
        public void close() {
            model.close();
        }
    }

    private final ImageConfig config;
    private final Path cacheRoot;
    /** The nsfwjs model {@code image.model} names, or null for an ONNX file. */
    private final NsfwjsModel nsfwjs;
    /** An ONNX file's source; null for nsfwjs, whose package is fetched only when images are encoded. */
    private final ImageModelSource source;
    private final TransformSpec transform;

    private ImageModelChoice(ImageConfig config, Path cacheRoot) {
        this.config = config;
        this.cacheRoot = cacheRoot;
        this.nsfwjs = DefaultImageModel.named(config.model()).orElse(null);
        // a run on filled stores needs the key, not the model: no package fetch (a cluster's executors have no npm)
        this.source = nsfwjs == null ? ImageModelSource.fromConfig(config, cacheRoot) : null;
        this.transform = ImageTransforms.resolve(config, nsfwjs == null ? source.preset()
                : DefaultImageModel.preset(nsfwjs));
    }

    static ImageModelChoice of(ImageConfig config, Path cacheRoot) {
        return new ImageModelChoice(config, cacheRoot);
    }

    String name() {
        String model = nsfwjs == null ? config.model() : "nsfwjs@" + NpmTarball.NSFWJS.version() + " "
                + (nsfwjs == NsfwjsModel.MOBILENET_V2 ? "MobileNetV2" : "InceptionV3");
        String at = config.layer().isBlank() ? model : model + " at " + config.layer();
        return config.tta() == ImageConfig.Tta.NONE ? at : at + ", flip-averaged";
    }

    ImageTransform transform() {
        return ImageTransforms.create(transform);
    }

    /**
     * Whether the model may have depthwise convolutions: an nsfwjs model says; an ONNX file is not parsed for a store
     * key, so it may.
     */
    boolean mayHaveDepthwiseLayers() {
        return nsfwjs == null || nsfwjs.hasDepthwiseLayers();
    }

    /** What the features depend on: the model's bytes (or the pinned package and converter) and the transform. */
    Map<String, Object> identity() {
        Map<String, Object> id = new LinkedHashMap<>();
        if (nsfwjs != null) {
            // "default" and its explicit name are one model: the same key, the same store
            id.put("model", "nsfwjs@" + NpmTarball.NSFWJS.version() + "/" + nsfwjs.folder());
            id.put("package_integrity", NpmTarball.NSFWJS.integrity());
            id.put("converter", TfjsToOnnx.CONVERTER_VERSION);
        } else {
            ModelSource source = ModelSource.file(Path.of(config.model()));
            id.put("model", source.name());
            id.put("model_sha256", source.sha256(new GraphCache(cacheRoot).checksums()));
        }
        id.put("transform", transform.toString());
        if (!config.layer().isBlank()) {
            // only when set, so the stores of whole models keep their keys
            id.put("layer", config.layer());
            id.put("layer_tap", LayerTap.VERSION);
        }
        if (config.tta() != ImageConfig.Tta.NONE) {
            id.put("tta", ConfigSchema.yamlEnum(config.tta()));
        }
        return id;
    }

    /** The verified (or cached) encoder; its transform must be the one the store key was computed with. */
    Loaded load() {
        ImageModelSource model = source;
        if (model == null) {
            model = ImageModelSource.nsfwjs(cacheRoot, nsfwjs);
            model = config.layer().isBlank() ? model : model.atLayer(config.layer());
        }
        ImageEncoder encoder = ImageEncoder.open(model, config, cacheRoot);
        if (encoder.spec().inputSize() != transform.size()) {
            throw new UserInputException("image.size: the transform makes " + transform.size() + " x " + transform.size()
                    + " inputs but " + name() + " takes " + encoder.spec().inputSize() + " x " + encoder.spec().inputSize());
        }
        Map<String, Object> provenance = FeaturePreparation.encoderProvenance(name(), null, encoder.verification(),
                encoder.cached());
        provenance.put("model_sha256", encoder.sha256());
        provenance.put("transform", transform.toString());
        provenance.put("pooled_dim", encoder.spec().pooledDim());
        provenance.put("regions", encoder.spec().regions());
        return new Loaded(encoder, provenance);
    }
}
