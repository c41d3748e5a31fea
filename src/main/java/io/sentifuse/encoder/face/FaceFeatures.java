package io.sentifuse.encoder.face;

import java.util.List;

/**
 * The face vector of one image, {@link #DIM} floats: {@code [0]} faces found / {@link #MAX_FACES}; {@code [1]}
 * the best face's detection probability; {@code [2]} the largest face's share of the image area; {@code [3..9]}
 * the best face's expression probabilities ({@link #EMOTIONS} order); {@code [10..16]} the mean expression
 * probabilities over the faces. All zeros when no face is found, so "no face" is itself a signal.
 */
public final class FaceFeatures {

    /** The emotion classifier's classes, in its output order (FER2013). */
    public static final List<String> EMOTIONS = List.of("angry", "disgust", "fear", "happy", "sad", "surprise",
            "neutral");
    /** Faces per image taken into account, best first. */
    public static final int MAX_FACES = 5;
    /** Width of the face vector. */
    public static final int DIM = 3 + 2 * EMOTIONS.size();
    /**
     * Bumped whenever the vector changes for the same image (the feature store key includes it): detector settings,
     * crops, layout.
     */
    public static final String VERSION = "1";

    private FaceFeatures() {
    }

    /**
     * The vector of one image.
     *
     * @param faces     its faces, best first (at most {@link #MAX_FACES})
     * @param emotions  each face's expression probabilities, in the same order
     * @param imageArea the detector input's area, in pixels
     */
    static float[] of(List<FaceDetector.Face> faces, List<float[]> emotions, float imageArea) {
        if (faces.size() != emotions.size() || faces.size() > MAX_FACES) {
            throw new IllegalArgumentException(faces.size() + " faces with " + emotions.size() + " expression vectors"
                    + " (at most " + MAX_FACES + " faces)");
        }
        float[] v = new float[DIM];
        if (faces.isEmpty()) {
            return v;
        }
        int e = EMOTIONS.size();
        v[0] = faces.size() / (float) MAX_FACES;
        v[1] = faces.get(0).score();
        float largest = 0;
        for (int i = 0; i < faces.size(); i++) {
            largest = Math.max(largest, faces.get(i).area());
            float[] p = emotions.get(i);
            if (p.length != e) {
                throw new IllegalArgumentException("expression vector " + i + " has " + p.length + " values, expected " + e);
            }
            for (int k = 0; k < e; k++) {
                v[3 + e + k] += p[k] / faces.size();
            }
        }
        v[2] = Math.min(1f, largest / imageArea);
        System.arraycopy(emotions.get(0), 0, v, 3, e);
        return v;
    }
}
