package io.sentifuse.fusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sentifuse.seeds.Seeds;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Attention#multiHead} (all heads batched, sequences as rows, the mask as a shared additive bias) against a
 * straightforward reference: per example, per head, per query, dot products with every real key, softmax over
 * them, weighted sum of values, then the output projection; computed in double from the graph's own parameters.
 * Random inputs, padded keys in several examples; attention dropout configured but off (inference).
 */
class AttentionTest {

    private static final int B = 3;
    private static final int DIM = 8;
    private static final int HEADS = 2;
    private static final String NAME = "test/attention";

    /** Queries of a fixed length (like image regions) attend to padded keys of a run-time length (tokens). */
    @Test
    void crossAttentionToPaddedKeysMatchesReference() {
        check(4, 6, new int[] {6, 2, 4}, false);
    }

    /** Self-attention over a run-time length with padding, as in hstec. */
    @Test
    void selfAttentionWithPaddingMatchesReference() {
        check(5, 5, new int[] {3, 5, 1}, true);
    }

    private static void check(int tq, int tk, int[] realKeys, boolean self) {
        Random rng = new Random(11);
        SameDiff sd = SameDiff.create();
        Layers nn = new Layers(sd, sd.placeHolder("training", DataType.FLOAT), Seeds.of(3), DataType.FLOAT);
        SDVariable keyIn = sd.placeHolder("keys", DataType.FLOAT, -1, -1, DIM);
        SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, -1);
        Seq keys = Seq.of(keyIn, DIM);
        Seq queries = self ? keys : Seq.ofLength(sd.placeHolder("queries", DataType.FLOAT, -1, tq, DIM), tq, DIM);
        Attention.Result r = Attention.multiHead(nn, NAME, queries, keys, Attention.keyBias(sd, mask), DIM, HEADS,
                0.4);
        queries.view(r.output().rows(), DIM).rename("out");
        r.weights().rename("weights");

        INDArray q = gaussian(rng, B, tq, DIM);
        INDArray k = self ? q : gaussian(rng, B, tk, DIM);
        INDArray m = Nd4j.zeros(DataType.FLOAT, B, tk);
        for (int b = 0; b < B; b++) {
            for (int j = 0; j < realKeys[b]; j++) {
                m.putScalar(b, j, 1f);
            }
        }
        Map<String, INDArray> ph = self ? Map.of("keys", k, "mask", m, "training", Nd4j.scalar(0f))
                : Map.of("queries", q, "keys", k, "mask", m, "training", Nd4j.scalar(0f));
        Map<String, INDArray> got = sd.output(ph, "out", "weights");
        assertThat(got.get("out").shape()).containsExactly(B, tq, DIM);
        assertThat(got.get("weights").shape()).containsExactly(B, HEADS, tq, tk);

        double[][][] wq = new double[3][][];
        String[] parts = {"query", "key", "value"};
        for (int p = 0; p < 3; p++) {
            wq[p] = matrix(sd.getArrForVarName(NAME + "/" + parts[p] + "/W"));
        }
        double[] bq = vector(sd.getArrForVarName(NAME + "/query/b"));
        double[] bk = vector(sd.getArrForVarName(NAME + "/key/b"));
        double[] bv = vector(sd.getArrForVarName(NAME + "/value/b"));
        double[][] wo = matrix(sd.getArrForVarName(NAME + "/out/W"));
        double[] bo = vector(sd.getArrForVarName(NAME + "/out/b"));
        int dh = DIM / HEADS;
        for (int b = 0; b < B; b++) {
            double[][] qb = affine(rows(q, b), wq[0], bq);
            double[][] kb = affine(rows(k, b), wq[1], bk);
            double[][] vb = affine(rows(k, b), wq[2], bv);
            double[][] context = new double[tq][DIM];
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < tq; i++) {
                    double[] s = new double[realKeys[b]];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < s.length; j++) {
                        for (int c = h * dh; c < (h + 1) * dh; c++) {
                            s[j] += qb[i][c] * kb[j][c];
                        }
                        s[j] /= Math.sqrt(dh);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < s.length; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j < tk; j++) {
                        double w = j < s.length ? s[j] / sum : 0;
                        double actual = got.get("weights").getDouble(b, h, i, j);
                        if (j >= s.length) {
                            assertThat(actual).as("weight of padded key %d (example %d)", j, b).isZero();
                        } else {
                            assertThat(actual).as("weight b%d h%d q%d k%d", b, h, i, j).isCloseTo(w, within(1e-5));
                        }
                        for (int c = h * dh; c < (h + 1) * dh; c++) {
                            context[i][c] += w * (j < s.length ? vb[j][c] : 0);
                        }
                    }
                }
            }
            double[][] out = affine(context, wo, bo);
            for (int i = 0; i < tq; i++) {
                for (int c = 0; c < DIM; c++) {
                    assertThat(got.get("out").getDouble(b, i, c)).as("output b%d q%d c%d", b, i, c)
                            .isCloseTo(out[i][c], within(1e-5));
                }
            }
        }
    }

    private static INDArray gaussian(Random rng, long... shape) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rng.nextGaussian());
        }
        return a;
    }

    private static double[][] rows(INDArray x, int b) {
        double[][] out = new double[(int) x.size(1)][(int) x.size(2)];
        for (int i = 0; i < out.length; i++) {
            for (int c = 0; c < out[i].length; c++) {
                out[i][c] = x.getDouble(b, i, c);
            }
        }
        return out;
    }

    private static double[][] affine(double[][] x, double[][] w, double[] bias) {
        double[][] out = new double[x.length][bias.length];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < bias.length; o++) {
                double s = bias[o];
                for (int c = 0; c < w.length; c++) {
                    s += x[i][c] * w[c][o];
                }
                out[i][o] = s;
            }
        }
        return out;
    }

    private static double[][] matrix(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    private static double[] vector(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }
}
