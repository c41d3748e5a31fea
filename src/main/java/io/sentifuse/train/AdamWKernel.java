package io.sentifuse.train;

import io.sentifuse.system.HostValues;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One parameter's AdamW update in a single pass over its values, giving bit for bit what the sequence of ND4J
 * operations it replaced gave: {@code p *= decay; m = m * b1 + g * (1 - b1); v = v * b2 + (g * g) * (1 - b2);
 * p -= m / (sqrt(v / bc2) + eps) * (lr / bc1)}, every operation rounded to the parameter's type, every constant
 * rounded to it first (as ND4J's scalar operations do).
 *
 * <p>Why: those were 13 ND4J calls (14 with weight decay) and 4 temporary arrays per parameter and step; for the small heads trained on
 * cached features the calls' overhead, not the arithmetic, made AdamW 28% of an {@code ote} training step.
 * Rounding each operation of a computation in double to float gives the correctly rounded float result for
 * {@code + - * /} and square root, so one loop serves FLOAT and DOUBLE parameters.
 */
final class AdamWKernel {

    /**
     * @param decay multiplier of the parameter before the step ({@code 1 - lr * weight_decay}; 1 = none)
     * @param bc1   {@code 1 - beta1^t}
     * @param bc2   {@code 1 - beta2^t}
     */
    record Constants(double decay, double beta1, double beta2, double bc1, double bc2, double epsilon, double lr) {
    }

    /** Values per pass: the scratch arrays stay small and are reused, so a step allocates nothing per value. */
    private static final int CHUNK = 8192;

    private final HostValues values;
    private final double[] pc = new double[CHUNK];
    private final double[] mc = new double[CHUNK];
    private final double[] vc = new double[CHUNK];
    private final double[] gc = new double[CHUNK];
    private final float[] fc = new float[CHUNK];

    /** @param values how values are copied in and out of the arrays ({@link HostValues#forBackend()}) */
    AdamWKernel(HostValues values) {
        this.values = values;
    }

    /** Updates {@code p}, {@code m} and {@code v} in place from the gradient {@code g} (all the same shape and type). */
    void update(INDArray p, INDArray m, INDArray v, INDArray g, Constants c) {
        DataType type = p.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("AdamW updates FLOAT or DOUBLE parameters, not " + type);
        }
        if (p.isEmpty()) {
            return;
        }
        boolean single = type == DataType.FLOAT;
        INDArray pw = dense(p);
        INDArray mw = dense(m);
        INDArray vw = dense(v);
        INDArray gw = dense(g.dataType() == type ? g : g.castTo(type));
        boolean decays = c.decay() != 1.0;
        double decay = round(c.decay(), single);
        double b1 = round(c.beta1(), single);
        double gain1 = round(1 - c.beta1(), single);
        double b2 = round(c.beta2(), single);
        double gain2 = round(1 - c.beta2(), single);
        double bc2 = round(c.bc2(), single);
        double eps = round(c.epsilon(), single);
        double stepScale = round(c.lr() / c.bc1(), single);
        long n = p.length();
        for (long from = 0; from < n; from += CHUNK) {
            int len = (int) Math.min(CHUNK, n - from);
            read(pw, from, len, pc);
            read(mw, from, len, mc);
            read(vw, from, len, vc);
            read(gw, from, len, gc);
            for (int i = 0; i < len; i++) {
                double param = decays ? round(pc[i] * decay, single) : pc[i];
                double grad = gc[i];
                double mi = round(round(mc[i] * b1, single) + round(grad * gain1, single), single);
                double vi = round(round(vc[i] * b2, single) + round(round(grad * grad, single) * gain2, single),
                        single);
                double denominator = round(round(Math.sqrt(round(vi / bc2, single)), single) + eps, single);
                pc[i] = round(param - round(round(mi / denominator, single) * stepScale, single), single);
                mc[i] = mi;
                vc[i] = vi;
            }
            write(pw, from, len, pc);
            write(mw, from, len, mc);
            write(vw, from, len, vc);
        }
        for (INDArray[] pair : new INDArray[][] {{p, pw}, {m, mw}, {v, vw}}) {
            if (pair[0] != pair[1]) {
                pair[0].assign(pair[1]);
                pair[1].close();
            }
        }
        if (gw != g) {
            gw.close(); // a copy made here; the caller's gradient stays the caller's
        }
    }

    private static double round(double x, boolean single) {
        return single ? (float) x : x;
    }

    /** {@code a} itself when its values are its buffer in order from the start, else a dense copy. */
    private static INDArray dense(INDArray a) {
        return HostValues.isDense(a) ? a : a.dup('c');
    }

    private void read(INDArray a, long from, int len, double[] dst) {
        if (a.dataType() == DataType.FLOAT) {
            values.read(a, from, fc, len);
            for (int i = 0; i < len; i++) {
                dst[i] = fc[i];
            }
        } else {
            values.read(a, from, dst, len);
        }
    }

    private void write(INDArray a, long from, int len, double[] src) {
        if (a.dataType() == DataType.FLOAT) {
            for (int i = 0; i < len; i++) {
                fc[i] = (float) src[i];
            }
            values.write(a, from, fc, len);
        } else {
            values.write(a, from, src, len);
        }
    }
}
