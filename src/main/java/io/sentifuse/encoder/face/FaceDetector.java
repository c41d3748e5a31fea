package io.sentifuse.encoder.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * BlazeFace's post-processing, as @vladmandic/human does it: 896 anchors (a 16 x 16 grid of stride 16 with two
 * anchors per cell, then an 8 x 8 grid of stride 32 with six), a box per anchor decoded as the anchor's centre plus
 * the regressed offset, with the regressed width and height, in input pixels; score = sigmoid(logit); then greedy
 * non-maximum suppression. Pure arithmetic on the model's outputs, so it is tested without the model.
 */
public final class FaceDetector {

    /** Anchors of the 256 px model: 16 * 16 * 2 + 8 * 8 * 6. */
    public static final int ANCHORS = 896;
    /** Values per anchor in the regression outputs: box (dx, dy, w, h) then six key points. */
    public static final int REGRESSION = 16;

    /**
     * One face in input pixels.
     *
     * @param x1 left
     * @param y1 top
     * @param x2 right
     * @param y2 bottom
     * @param score detection probability
     */
    public record Face(float x1, float y1, float x2, float y2, float score) {
        float area() {
            return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
        }
    }

    private final int inputSize;
    private final float[][] anchors;
    private final float minScore;
    private final float maxOverlap;
    private final int maxFaces;

    /**
     * @param inputSize  the detector's input side (256)
     * @param minScore   faces below this probability are dropped
     * @param maxOverlap a face overlapping a better one by more than this IoU is dropped
     * @param maxFaces   at most this many faces per image, best first
     */
    public FaceDetector(int inputSize, float minScore, float maxOverlap, int maxFaces) {
        this.inputSize = inputSize;
        this.anchors = anchors(inputSize);
        this.minScore = minScore;
        this.maxOverlap = maxOverlap;
        this.maxFaces = maxFaces;
    }

    /** Anchor centres in input pixels, in the model's output order. */
    static float[][] anchors(int inputSize) {
        int[] strides = {inputSize / 16, inputSize / 8};
        int[] perCell = {2, 6};
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < strides.length; i++) {
            int stride = strides[i];
            int grid = (inputSize + stride - 1) / stride;
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    for (int n = 0; n < perCell[i]; n++) {
                        out.add(new float[] {stride * (x + 0.5f), stride * (y + 0.5f)});
                    }
                }
            }
        }
        return out.toArray(new float[0][]);
    }

    /**
     * The faces of one image, best first.
     *
     * @param logits      [ANCHORS] score logits, anchors in order
     * @param regressions [ANCHORS * REGRESSION] per anchor (dx, dy, w, h, key points)
     */
    public List<Face> detect(float[] logits, float[] regressions) {
        if (logits.length != anchors.length || regressions.length != anchors.length * REGRESSION) {
            throw new IllegalArgumentException("expected " + anchors.length + " logits and " + anchors.length * REGRESSION
                    + " regression values, got " + logits.length + " and " + regressions.length);
        }
        List<Face> candidates = new ArrayList<>();
        for (int a = 0; a < anchors.length; a++) {
            float score = (float) (1 / (1 + Math.exp(-logits[a])));
            if (score < minScore) {
                continue;
            }
            int r = a * REGRESSION;
            float cx = anchors[a][0] + regressions[r];
            float cy = anchors[a][1] + regressions[r + 1];
            float hw = regressions[r + 2] / 2;
            float hh = regressions[r + 3] / 2;
            candidates.add(new Face(clamp(cx - hw), clamp(cy - hh), clamp(cx + hw), clamp(cy + hh), score));
        }
        candidates.sort(Comparator.comparingDouble(Face::score).reversed());
        List<Face> kept = new ArrayList<>();
        for (Face f : candidates) {
            if (kept.size() == maxFaces) {
                break;
            }
            if (f.area() <= 0) {
                continue;
            }
            boolean overlaps = false;
            for (Face k : kept) {
                if (iou(f, k) > maxOverlap) {
                    overlaps = true;
                    break;
                }
            }
            if (!overlaps) {
                kept.add(f);
            }
        }
        return kept;
    }

    private float clamp(float v) {
        return Math.max(0, Math.min(inputSize, v));
    }

    static float iou(Face a, Face b) {
        float w = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
        float h = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
        if (w <= 0 || h <= 0) {
            return 0;
        }
        float inter = w * h;
        return inter / (a.area() + b.area() - inter);
    }
}
