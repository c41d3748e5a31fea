package io.sentifuse.encoder.image;

import io.sentifuse.config.ImageConfig;
import io.sentifuse.encoder.onnx.proto.OnnxModel;
import io.sentifuse.errors.UserInputException;
import io.sentifuse.image.ImagePreset;
import io.sentifuse.image.ImageTransform;
import io.sentifuse.image.ImageTransforms;
import io.sentifuse.image.TransformSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import onnx.Onnx.ModelProto;

/**
 * Turns any CNN ONNX into a {@link PreparedImageModel}: checks it is an image model, finds and exposes the pooled
 * vector and the spatial map, and measures their shapes on ONNX Runtime with one blank image (exact whatever
 * operators the graph uses).
 */
public final class ImageModels {

    private ImageModels() {
    }

    /** A user's ONNX file; {@code preset} is its input transform (torchvision's for ResNet exports). */
    public static PreparedImageModel prepare(Path onnx, ImagePreset preset) {
        return prepare(OnnxModel.read(onnx).proto(), onnx.toString(), preset, 0);
    }

    public static PreparedImageModel prepare(ModelProto model, String source, ImagePreset preset) {
        return prepare(model, source, preset, 0);
    }

    /**
     * As {@link #prepare(ModelProto, String, ImagePreset)} for inputs of {@code size} pixels (0: the model's fixed
     * size, else the preset's); a model with a fixed input size accepts only that size.
     */
    public static PreparedImageModel prepare(ModelProto model, String source, ImagePreset preset, int size) {
        ImageModelCheck.ImageInput input = ImageModelCheck.requireImageInput(model, source);
        if (size > 0 && input.size() > 0 && size != input.size()) {
            throw new UserInputException("image.size: " + source + " takes " + input.size() + "x" + input.size()
                    + " images (input '" + input.name() + "'), not " + size + "x" + size);
        }
        if (size <= 0) {
            size = input.size() > 0 ? input.size() : preset.spec().size();
        }
        FeatureTaps taps = FeatureLocator.locate(model, source);
        ModelProto exposed = FeatureLocator.expose(model, taps);
        String classOutput = model.getGraph().getOutputList().stream().map(o -> o.getName())
                .filter(n -> !n.equals(taps.pooled()) && !n.equals(taps.spatial())).findFirst().orElse(null);
        List<String> probe = new ArrayList<>(List.of(taps.pooled(), taps.spatial()));
        if (classOutput != null) {
            probe.add(classOutput);
        }
        Map<String, long[]> shapes;
        try (OrtImageRunner ort = new OrtImageRunner(exposed, input.name(), 1)) {
            shapes = ort.outputShapes(size, probe);
        }
        long[] pooled = shapes.get(taps.pooled());
        long[] spatial = shapes.get(taps.spatial());
        if (spatial.length != 4 || pooled.length != 2 || pooled[1] != spatial[1]) {
            throw new UserInputException(source + ": the final pooling " + taps.poolNode() + " turns "
                    + Arrays.toString(spatial) + " ('" + taps.spatial() + "') into " + Arrays.toString(pooled) + " ('"
                    + taps.pooled() + "'); expected [1, C, H, W] -> [1, C]");
        }
        int classes = classOutput == null ? 0 : (int) shapes.get(classOutput)[shapes.get(classOutput).length - 1];
        ImageModelSpec spec = new ImageModelSpec(input.name(), size, taps.pooled(), (int) pooled[1], taps.spatial(),
                (int) spatial[1], (int) spatial[2], (int) spatial[3], classOutput, classes, preset);
        return new PreparedImageModel(source, exposed, spec, taps);
    }

    /**
     * {@code t} for inputs of {@code size} pixels: the crop margin kept in proportion (torchvision's 256 -> 224
     * becomes 342 -> 299 for a 299-pixel model), everything else unchanged.
     */
    public static TransformSpec atSize(TransformSpec t, int size) {
        if (t.size() == size) {
            return t;
        }
        int shorter = Math.max(size, (int) Math.round((double) t.resizeShorter() * size / t.size()));
        return new TransformSpec(t.geometry(), size, shorter, t.interpolation(), t.normalization());
    }

    /**
     * The transform the config asks for on {@code spec}'s model ({@code auto}: the model's preset at the model's
     * input size); a configured size must be the model's input size.
     */
    public static ImageTransform transform(ImageConfig config, ImageModelSpec spec) {
        TransformSpec t = ImageTransforms.resolve(config, spec.preset());
        if (config.resize() == ImageConfig.Resize.AUTO) {
            t = atSize(t, spec.inputSize());
        }
        if (t.size() != spec.inputSize()) {
            throw new UserInputException("image.size: the image model takes " + spec.inputSize() + "x"
                    + spec.inputSize() + " inputs, but the transform makes " + t.size() + "x" + t.size()
                    + " (set image.size to " + spec.inputSize() + " or resize: auto)");
        }
        return ImageTransforms.create(t);
    }
}
