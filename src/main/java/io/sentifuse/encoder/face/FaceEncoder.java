package io.sentifuse.encoder.face;

import io.sentifuse.encoder.VerifiedGraph;
import io.sentifuse.encoder.tfjs.HumanModel;
import io.sentifuse.encoder.tfjs.TfjsToOnnx;
import io.sentifuse.image.Interpolation;
import io.sentifuse.image.Normalization;
import io.sentifuse.image.TransformSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Face vectors ({@link FaceFeatures}) of images: BlazeFace on the image stretched to 256 x 256 (RGB scaled to
 * [-1, 1], as human 3.3.6's getBoxes feeds it), at most {@link FaceFeatures#MAX_FACES} faces of probability at least
 * {@link #MIN_SCORE}; each face's box enlarged 1.4 times and made square around its centre (human 3.3.6's detector defaults),
 * cut out of the same 256 px image in grey (ITU-R 601 weights, as human), resampled to 64 x 64 and scaled to
 * [-1, 1] for the emotion classifier. Faces are found in the stretched image, so a face in a very wide or tall
 * picture reaches the classifier with the picture's distortion.
 */
public final class FaceEncoder implements AutoCloseable {

    /** Faces below this detection probability are ignored (MediaPipe uses 0.5 to 0.75; human 0.2 with one face). */
    public static final float MIN_SCORE = 0.5f;
    /** A face overlapping a better one by more than this IoU is the same face. */
    public static final float MAX_OVERLAP = 0.3f;
    /** The crop around a detected box: its longer side times this, square. */
    public static final float ENLARGE = 1.4f;
    private static final float[] GREY = {0.2989f, 0.587f, 0.114f};
    /**
     * Images per detector call: SameDiff keeps each call's activations for reuse. In a loop of calls with a
     * collection every 10, batches of 16 held 5.3 GB resident at 0.09 s an image, batches of 4 1.8-2.0 GB at 0.12 s;
     * 8 is between (not measured on its own).
     */
    static final int DETECT_BATCH = 8;
    /** At most this many faces per emotion call (the calls' batch sizes still vary with the faces found). */
    static final int EMOTION_BATCH = 16;

    private final VerifiedGraph detector;
    private final VerifiedGraph emotion;
    private final FaceDetector post;
    private final int size = HumanModel.BLAZEFACE.inputSize();
    private final int crop = HumanModel.EMOTION.inputSize();
    private boolean closed;

    private FaceEncoder(VerifiedGraph detector, VerifiedGraph emotion) {
        this.detector = detector;
        this.emotion = emotion;
        this.post = new FaceDetector(size, MIN_SCORE, MAX_OVERLAP, FaceFeatures.MAX_FACES);
    }

    /** Both models, verified (or from the graph cache under {@code cacheRoot}). */
    public static FaceEncoder open(Path cacheRoot) {
        List<VerifiedGraph> graphs = FaceModels.obtain(cacheRoot, HumanModel.BLAZEFACE, HumanModel.EMOTION);
        return new FaceEncoder(graphs.get(0), graphs.get(1));
    }

    /**
     * Everything the face vector depends on besides the models: part of the feature store key, so that a change of
     * any of these gets a new store.
     */
    public static String settings() {
        return "min_score=" + MIN_SCORE + ",max_overlap=" + MAX_OVERLAP + ",enlarge=" + ENLARGE + ",max_faces="
                + FaceFeatures.MAX_FACES + ",crop=" + HumanModel.EMOTION.inputSize() + ",grey=" + Arrays.toString(GREY);
    }

    /** The input transform: the image stretched to 256 x 256, RGB in [0, 1]. */
    public static TransformSpec transform() {
        return TransformSpec.stretch(HumanModel.BLAZEFACE.inputSize(), Interpolation.HALF_PIXEL, Normalization.UNIT);
    }

    /** What the verified graphs were checked to, for provenance. */
    public Map<String, Object> provenance() {
        return Map.of("detector", HumanModel.BLAZEFACE.id(), "detector_verification", detector.entry().verification(),
                "emotion", HumanModel.EMOTION.id(), "emotion_verification", emotion.entry().verification(),
                "settings", settings(), "version", FaceFeatures.VERSION);
    }

    /** Face vectors [B, DIM] of images [B, 3, 256, 256] in [0, 1] as {@link #transform()} makes them. */
    public synchronized float[][] encode(INDArray images) {
        if (closed) {
            throw new IllegalStateException("the face encoder is closed");
        }
        if (images.rank() != 4 || images.size(1) != 3 || images.size(2) != size || images.size(3) != size
                || images.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("images must be FLOAT [batch, 3, " + size + ", " + size + "]; got "
                    + images.dataType() + " " + Arrays.toString(images.shape()));
        }
        int n = (int) images.size(0);
        int per = 3 * size * size;
        float[] unit = floats(images);
        List<List<FaceDetector.Face>> faces = new ArrayList<>();
        for (int from = 0; from < n; from += DETECT_BATCH) {
            int to = Math.min(n, from + DETECT_BATCH);
            // the detector's input scaling makes the sub-batch's own array: no separate copy of the view
            try (INDArray scaled = images.get(NDArrayIndex.interval(from, to)).mul(2).subi(1)) {
                faces.addAll(detect(scaled, to - from));
            }
        }
        List<float[]> crops = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            float[] grey = grey(unit, b * per, size);
            for (FaceDetector.Face f : faces.get(b)) {
                crops.add(crop(grey, size, f, crop));
            }
        }
        List<float[]> emotions = emotions(crops);
        float[][] out = new float[n][];
        int next = 0;
        for (int b = 0; b < n; b++) {
            int count = faces.get(b).size();
            out[b] = FaceFeatures.of(faces.get(b), emotions.subList(next, next + count), size * (float) size);
            next += count;
        }
        return out;
    }

    /** The faces of each image of {@code x}, n images scaled to [-1, 1]. */
    private List<List<FaceDetector.Face>> detect(INDArray x, int n) {
        Map<String, String> outs = detector.entry().outputs();
        Map<String, INDArray> res = detector.sd().output(Map.of(detector.entry().inputs().get(TfjsToOnnx.INPUT), x),
                outs.values().toArray(new String[0]));
        float[][] logits = new float[2][];
        float[][] boxes = new float[2][];
        for (Map.Entry<String, INDArray> e : res.entrySet()) {
            // the four outputs are told apart by shape: [B, 512 | 384, 1 | 16]
            INDArray a = e.getValue();
            boolean known = a.rank() == 3 && a.size(0) == n && (a.size(1) == 512 || a.size(1) == 384)
                    && (a.size(2) == 1 || a.size(2) == FaceDetector.REGRESSION);
            if (!known) {
                throw new IllegalStateException(HumanModel.BLAZEFACE.id() + ": output " + e.getKey() + " has shape "
                        + Arrays.toString(a.shape()) + ", expected [" + n + ", 512 or 384, 1 or 16]");
            }
            int grid = a.size(1) == 512 ? 0 : 1;
            if (a.size(2) == 1) {
                logits[grid] = floats(a);
            } else {
                boxes[grid] = floats(a);
            }
        }
        for (int g = 0; g < 2; g++) {
            if (logits[g] == null || boxes[g] == null) {
                throw new IllegalStateException(HumanModel.BLAZEFACE.id() + ": expected score and box outputs for both"
                        + " anchor grids, got " + res.keySet());
            }
        }
        List<List<FaceDetector.Face>> out = new ArrayList<>();
        int[] rows = {512, 384};
        for (int b = 0; b < n; b++) {
            float[] l = new float[FaceDetector.ANCHORS];
            float[] r = new float[FaceDetector.ANCHORS * FaceDetector.REGRESSION];
            int at = 0;
            for (int g = 0; g < 2; g++) {
                System.arraycopy(logits[g], b * rows[g], l, at, rows[g]);
                System.arraycopy(boxes[g], b * rows[g] * FaceDetector.REGRESSION, r, at * FaceDetector.REGRESSION,
                        rows[g] * FaceDetector.REGRESSION);
                at += rows[g];
            }
            out.add(post.detect(l, r));
        }
        return out;
    }

    private List<float[]> emotions(List<float[]> crops) {
        List<float[]> out = new ArrayList<>();
        for (int from = 0; from < crops.size(); from += EMOTION_BATCH) {
            out.addAll(emotionBatch(crops.subList(from, Math.min(crops.size(), from + EMOTION_BATCH))));
        }
        return out;
    }

    private List<float[]> emotionBatch(List<float[]> crops) {
        List<float[]> out = new ArrayList<>();
        int per = crop * crop;
        float[] x = new float[crops.size() * per];
        for (int i = 0; i < crops.size(); i++) {
            for (int k = 0; k < per; k++) {
                x[i * per + k] = crops.get(i)[k] * 2 - 1;
            }
        }
        INDArray in = Nd4j.create(x, new long[] {crops.size(), 1, crop, crop}, 'c');
        String outVar = emotion.entry().outputs().values().iterator().next();
        INDArray probs = emotion.sd().output(Map.of(emotion.entry().inputs().get(TfjsToOnnx.INPUT), in), outVar)
                .get(outVar);
        in.close();
        float[] p = floats(probs);
        int e = FaceFeatures.EMOTIONS.size();
        for (int i = 0; i < crops.size(); i++) {
            out.add(Arrays.copyOfRange(p, i * e, (i + 1) * e));
        }
        return out;
    }

    /** Grey [s * s] of the channels-first RGB image [3, s, s] that starts at {@code offset} of {@code chw}. */
    static float[] grey(float[] chw, int offset, int s) {
        int plane = s * s;
        float[] g = new float[plane];
        for (int i = 0; i < plane; i++) {
            int at = offset + i;
            g[i] = GREY[0] * chw[at] + GREY[1] * chw[plane + at] + GREY[2] * chw[2 * plane + at];
        }
        return g;
    }

    /**
     * The face's square crop (its box enlarged {@link #ENLARGE} times around the centre) out of grey image
     * [s * s], resampled bilinearly to [out * out]; samples beyond the image take the nearest edge pixel.
     */
    static float[] crop(float[] grey, int s, FaceDetector.Face f, int out) {
        float side = Math.max(f.x2() - f.x1(), f.y2() - f.y1()) * ENLARGE;
        float x0 = (f.x1() + f.x2()) / 2 - side / 2;
        float y0 = (f.y1() + f.y2()) / 2 - side / 2;
        float step = side / out;
        float[] c = new float[out * out];
        for (int oy = 0; oy < out; oy++) {
            float sy = clamp(y0 + (oy + 0.5f) * step - 0.5f, s - 1);
            int y1 = (int) sy;
            int y2 = Math.min(y1 + 1, s - 1);
            float fy = sy - y1;
            for (int ox = 0; ox < out; ox++) {
                float sx = clamp(x0 + (ox + 0.5f) * step - 0.5f, s - 1);
                int x1 = (int) sx;
                int x2 = Math.min(x1 + 1, s - 1);
                float fx = sx - x1;
                float top = grey[y1 * s + x1] * (1 - fx) + grey[y1 * s + x2] * fx;
                float bottom = grey[y2 * s + x1] * (1 - fx) + grey[y2 * s + x2] * fx;
                c[oy * out + ox] = top * (1 - fy) + bottom * fy;
            }
        }
        return c;
    }

    private static float clamp(float v, int max) {
        return Math.max(0, Math.min(max, v));
    }

    /** The values of {@code a} in C order, through a copy that is freed at once. */
    private static float[] floats(INDArray a) {
        try (INDArray c = a.dup('c')) {
            return c.data().asFloat();
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            detector.releaseSessions();
            emotion.releaseSessions();
        }
    }
}
