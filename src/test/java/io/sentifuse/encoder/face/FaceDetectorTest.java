package io.sentifuse.encoder.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BlazeFace's anchors, box decoding and suppression, and the face vector, on hand-made model outputs. */
class FaceDetectorTest {

    private static final int R = FaceDetector.REGRESSION;

    @Test
    void anchorsFollowTheTwoGridsInOutputOrder() {
        float[][] a = FaceDetector.anchors(256);
        assertThat(a).hasNumberOfRows(FaceDetector.ANCHORS);
        // stride 16, two anchors per cell, row-major
        assertThat(a[0]).containsExactly(8f, 8f);
        assertThat(a[1]).containsExactly(8f, 8f);
        assertThat(a[2]).containsExactly(24f, 8f);
        assertThat(a[32]).containsExactly(8f, 24f);
        // then stride 32, six per cell
        assertThat(a[512]).containsExactly(16f, 16f);
        assertThat(a[517]).containsExactly(16f, 16f);
        assertThat(a[518]).containsExactly(48f, 16f);
        assertThat(a[895]).containsExactly(240f, 240f);
    }

    @Test
    void boxesAreDecodedAroundTheirAnchorAndOverlapsSuppressed() {
        float[] logits = new float[FaceDetector.ANCHORS];
        java.util.Arrays.fill(logits, -10);
        float[] reg = new float[FaceDetector.ANCHORS * R];
        // anchor 34 = (24, 24): a 20 x 30 face shifted by (+2, -1), probability sigmoid(2) = 0.881
        set(logits, reg, 34, 2f, 2, -1, 20, 30);
        // anchor 35, same cell: nearly the same box, lower score: suppressed
        set(logits, reg, 35, 1f, 3, -1, 20, 30);
        // anchor 600 far away, probability sigmoid(0.5) = 0.622: kept
        set(logits, reg, 600, 0.5f, 0, 0, 40, 40);
        // anchor 700: probability sigmoid(-0.5) = 0.378, under 0.5: dropped
        set(logits, reg, 700, -0.5f, 0, 0, 40, 40);
        List<FaceDetector.Face> faces = new FaceDetector(256, 0.5f, 0.3f, 5).detect(logits, reg);
        assertThat(faces).hasSize(2);
        FaceDetector.Face best = faces.get(0);
        assertThat(best.score()).isCloseTo(0.8808f, within(1e-4f));
        assertThat(new float[] {best.x1(), best.y1(), best.x2(), best.y2()}).containsExactly(16f, 8f, 36f, 38f);
        float[][] anchors = FaceDetector.anchors(256);
        assertThat(faces.get(1).x1()).isEqualTo(anchors[600][0] - 20);
        assertThat(faces.get(1).score()).isCloseTo(0.6225f, within(1e-4f));
        // a cap of one face keeps the best
        assertThat(new FaceDetector(256, 0.5f, 0.3f, 1).detect(logits, reg)).containsExactly(best);
        assertThatThrownBy(() -> new FaceDetector(256, 0.5f, 0.3f, 5).detect(new float[3], reg))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 896 logits");
    }

    @Test
    void theFaceVectorHoldsCountScoreAreaBestAndMeanExpressions() {
        FaceDetector.Face big = new FaceDetector.Face(0, 0, 128, 64, 0.9f);
        FaceDetector.Face small = new FaceDetector.Face(200, 200, 210, 210, 0.6f);
        float[] happy = {0, 0, 0, 1, 0, 0, 0};
        float[] sad = {0, 0, 0, 0, 0.5f, 0, 0.5f};
        float[] v = FaceFeatures.of(List.of(big, small), List.of(happy, sad), 256 * 256f);
        assertThat(v).hasSize(FaceFeatures.DIM);
        assertThat(v[0]).isEqualTo(2 / 5f);
        assertThat(v[1]).isEqualTo(0.9f);
        assertThat(v[2]).isEqualTo(128 * 64 / (256 * 256f));
        assertThat(java.util.Arrays.copyOfRange(v, 3, 10)).containsExactly(happy);
        assertThat(java.util.Arrays.copyOfRange(v, 10, 17)).containsExactly(0, 0, 0, 0.5f, 0.25f, 0, 0.25f);
        assertThat(FaceFeatures.of(List.of(), List.of(), 1f)).containsOnly(0f).hasSize(FaceFeatures.DIM);
    }

    @Test
    void theCropIsTheEnlargedSquareAroundTheFaceResampledBilinearly() {
        int s = 16;
        float[] grey = new float[s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                grey[y * s + x] = x; // a horizontal ramp
            }
        }
        // a 5 x 3 box centred at (7.5, 8): the crop is the square of side 5 * 1.4 = 7 around it, sampled 7 x 7,
        // so each output pixel is one source pixel: x from 7.5 - 3.5 = 4 to 10
        float[] c = FaceEncoder.crop(grey, s, new FaceDetector.Face(5, 6.5f, 10, 9.5f, 1), 7);
        assertThat(java.util.Arrays.copyOfRange(c, 0, 7)).containsExactly(4, 5, 6, 7, 8, 9, 10);
        assertThat(java.util.Arrays.copyOfRange(c, 42, 49)).containsExactly(4, 5, 6, 7, 8, 9, 10);
        // beyond the image the edge pixel repeats
        float[] edge = FaceEncoder.crop(grey, s, new FaceDetector.Face(13, 0, 16, 3, 1), 4);
        assertThat(edge[3]).isEqualTo(15f);
        // ITU-R 601 weights over the channel planes of a one-pixel image (r = 1, g = 0, b = 1)
        assertThat(FaceEncoder.grey(new float[] {1, 0, 1}, 0, 1)[0]).isCloseTo(0.2989f + 0.114f, within(1e-6f));
    }

    private static void set(float[] logits, float[] reg, int anchor, float logit, float dx, float dy, float w, float h) {
        logits[anchor] = logit;
        reg[anchor * R] = dx;
        reg[anchor * R + 1] = dy;
        reg[anchor * R + 2] = w;
        reg[anchor * R + 3] = h;
    }
}
