package io.sentifuse.encoder.tfjs;

import java.nio.file.Path;
import java.util.Map;

/** The TF.js layers models inside the nsfwjs 4.4.0 tarball (classes: Drawing, Hentai, Neutral, Porn, Sexy). */
public enum NsfwjsModel {

    /** MobileNetV2 (alpha 1.0), 224 x 224, 1280-d pooled features, uint8-quantised weights (~3.5 MB). */
    MOBILENET_V2("mobilenet_v2", 224, true),

    /** InceptionV3, 299 x 299, 2048-d pooled features, uint8-quantised weights (~22 MB). */
    INCEPTION_V3("inception_v3", 299, false);

    /** Class order of the models' softmax output. */
    public static final java.util.List<String> CLASSES = java.util.List.of("Drawing", "Hentai", "Neutral", "Porn",
            "Sexy");

    private static final String ROOT = "package/dist/models/";

    private final String folder;
    private final int size;
    private final boolean depthwise;

    NsfwjsModel(String folder, int size, boolean depthwise) {
        this.folder = folder;
        this.size = size;
        this.depthwise = depthwise;
    }

    /** Whether the model has depthwise convolutions, whose form follows the ND4J build (and moves the last bits). */
    public boolean hasDepthwiseLayers() {
        return depthwise;
    }

    public int inputSize() {
        return size;
    }

    /** The model's folder in the package, e.g. {@code mobilenet_v2}. */
    public String folder() {
        return folder;
    }

    /** e.g. {@code nsfwjs-4.4.0/mobilenet_v2}. */
    public String id() {
        return NpmTarball.NSFWJS.name() + "-" + NpmTarball.NSFWJS.version() + "/" + folder;
    }

    /** Reads this model's files out of the nsfwjs tarball. */
    public TfjsArtifacts artifacts(Path tarball) {
        String prefix = ROOT + folder + "/";
        Map<String, byte[]> files = TarGz.read(tarball, n -> n.startsWith(prefix) && n.endsWith(".min.js"));
        return TfjsArtifacts.read(tarball.getFileName() + "!/" + prefix, "model.min.js",
                name -> files.get(prefix + name));
    }

    /** Fetches (or finds) the tarball in {@code npmDir}, reads this model and converts it to ONNX. */
    public onnx.Onnx.ModelProto convert(Path npmDir) {
        return TfjsToOnnx.convert(artifacts(NpmTarball.NSFWJS.fetch(npmDir)), size);
    }
}
