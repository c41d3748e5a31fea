package io.sentifuse.encoder.tfjs;

import java.nio.file.Path;
import java.util.Map;

/** TF.js graph models inside the @vladmandic/human 3.3.6 tarball that the face features use. */
public enum HumanModel {

    /**
     * BlazeFace (the 256 px "back" variant): NHWC [1, 256, 256, 3] in [-1, 1] (human 3.3.6 scales x / 127.5 - 1);
     * 896 anchors as four outputs, scores [1, 512, 1] and [1, 384, 1] and box regressions [1, 512, 16] and
     * [1, 384, 16] (0.5 MB, float32).
     */
    BLAZEFACE("blazeface", 256),

    /**
     * Mini-Xception trained on FER2013 (oarriaga's face_classification): grey [N, 64, 64, 1] in [-1, 1], softmax
     * over angry, disgust, fear, happy, sad, surprise, neutral (0.8 MB, float32).
     */
    EMOTION("emotion", 64);

    private static final String ROOT = "package/models/";

    private final String file;
    private final int size;

    HumanModel(String file, int size) {
        this.file = file;
        this.size = size;
    }

    /** Square input side, in pixels. */
    public int inputSize() {
        return size;
    }

    /** e.g. {@code @vladmandic/human-3.3.6/blazeface}. */
    public String id() {
        return NpmTarball.HUMAN.name() + "-" + NpmTarball.HUMAN.version() + "/" + file;
    }

    /** Reads this model's {@code .json} and {@code .bin} out of the tarball. */
    public TfjsArtifacts artifacts(Path tarball) {
        Map<String, byte[]> files = TarGz.read(tarball, n -> n.equals(ROOT + file + ".json")
                || n.equals(ROOT + file + ".bin"));
        return TfjsArtifacts.read(tarball.getFileName() + "!/" + ROOT, file + ".json", name -> files.get(ROOT + name));
    }

    /** Reads this model from {@code tarball} and converts it to ONNX. */
    public onnx.Onnx.ModelProto convert(Path tarball) {
        return TfjsGraphToOnnx.convert(artifacts(tarball));
    }
}
