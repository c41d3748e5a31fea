package io.sentifuse.bundle;

import io.sentifuse.fusion.CmacHead;
import io.sentifuse.fusion.FusionModel;
import io.sentifuse.fusion.HstecHead;
import io.sentifuse.fusion.OteHead;
import io.sentifuse.text.Encoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns an attention head's weights into what a person can look at: the attention each text token and each image
 * region received (averaged over attention heads and over the attending positions; each kind normalised to sum to
 * 1) or, for {@code ote}, which attends over two whole-modality vectors, the weight of each modality.
 */
final class AttentionSummaries {

    private AttentionSummaries() {
    }

    /** The exposed outputs a head's summary reads. */
    static List<String> wanted(FusionModel head) {
        return switch (head.headName()) {
            case "cmac" -> List.of(CmacHead.TEXT_TO_IMAGE, CmacHead.IMAGE_TO_TEXT);
            case "hstec" -> List.of(HstecHead.attention(head.config().layers() - 1));
            case "ote" -> List.of(OteHead.attention(head.config().layers() - 1));
            default -> List.of();
        };
    }

    /** The summary of example {@code i}, or null for heads without attention. */
    static Prediction.Attention of(FusionModel head, Map<String, INDArray> exposed, int i, Encoding encoding,
                                   Vocabulary vocabulary, int gridHeight, int gridWidth) {
        int tokens = encoding == null ? 0 : encoding.length();
        switch (head.headName()) {
            case "cmac": {
                // image regions attend to text tokens: [B, H, R, T]; text tokens attend to regions: [B, H, T, R]
                double[] toTokens = received(exposed.get(CmacHead.IMAGE_TO_TEXT), i, -1, tokens);
                double[] toRegions = received(exposed.get(CmacHead.TEXT_TO_IMAGE), i, tokens, -1);
                return new Prediction.Attention(tokenWeights(encoding, toTokens, vocabulary),
                        grid(toRegions, gridHeight, gridWidth), null, CmacHead.TEXT_TO_IMAGE + ", "
                        + CmacHead.IMAGE_TO_TEXT);
            }
            case "hstec": {
                String name = wanted(head).get(0);
                INDArray w = exposed.get(name);
                int regions = gridHeight * gridWidth;
                int n = (int) w.size(2);
                // positions: the batch's padded text length T, then R regions; queries: real tokens and regions
                int padded = n - regions;
                double[] all = receivedOver(w, i, padded, tokens, regions);
                double[] t = new double[tokens];
                double[] r = new double[regions];
                System.arraycopy(all, 0, t, 0, tokens);
                System.arraycopy(all, padded, r, 0, regions);
                return new Prediction.Attention(tokenWeights(encoding, normalise(t), vocabulary),
                        grid(normalise(r), gridHeight, gridWidth), null, name);
            }
            case "ote": {
                String name = wanted(head).get(0);
                double[] m = received(exposed.get(name), i, 2, 2);
                Map<String, Double> modalities = new LinkedHashMap<>();
                modalities.put("text", m[0]);
                modalities.put("image", m[1]);
                return new Prediction.Attention(null, null, modalities, name);
            }
            default:
                return null;
        }
    }

    /**
     * Attention received by each of the first {@code keys} keys of {@code w} [B, H, Q, K] for example {@code i},
     * averaged over heads and the first {@code queries} queries (-1: all), normalised to sum to 1.
     */
    private static double[] received(INDArray w, int i, int queries, int keys) {
        long heads = w.size(1);
        int q = queries < 0 ? (int) w.size(2) : queries;
        int k = keys < 0 ? (int) w.size(3) : keys;
        double[] out = new double[k];
        for (int h = 0; h < heads; h++) {
            for (int a = 0; a < q; a++) {
                for (int b = 0; b < k; b++) {
                    out[b] += w.getDouble(i, h, a, b);
                }
            }
        }
        return normalise(out);
    }

    /** hstec: queries are the real tokens [0, tokens) and the regions [padded, padded + regions). */
    private static double[] receivedOver(INDArray w, int i, int padded, int tokens, int regions) {
        long heads = w.size(1);
        int n = (int) w.size(3);
        double[] out = new double[n];
        List<Integer> queries = new ArrayList<>();
        for (int a = 0; a < tokens; a++) {
            queries.add(a);
        }
        for (int a = 0; a < regions; a++) {
            queries.add(padded + a);
        }
        for (int h = 0; h < heads; h++) {
            for (int a : queries) {
                for (int b = 0; b < n; b++) {
                    out[b] += w.getDouble(i, h, a, b);
                }
            }
        }
        return out;
    }

    private static double[] normalise(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        if (sum > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= sum;
            }
        }
        return v;
    }

    private static List<Prediction.TokenWeight> tokenWeights(Encoding e, double[] weights, Vocabulary vocabulary) {
        if (e == null) {
            return null;
        }
        List<Prediction.TokenWeight> out = new ArrayList<>(e.length());
        for (int t = 0; t < e.length(); t++) {
            out.add(new Prediction.TokenWeight(vocabulary.token(e.ids()[t]), weights[t]));
        }
        return out;
    }

    private static double[][] grid(double[] weights, int height, int width) {
        if (height * width != weights.length || height == 0) {
            return null;
        }
        double[][] g = new double[height][width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                g[y][x] = weights[y * width + x];
            }
        }
        return g;
    }
}
