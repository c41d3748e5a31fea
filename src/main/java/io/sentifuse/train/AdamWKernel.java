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
 * FLOAT parameters run a loop in float arithmetic, which the JIT compiler vectorises: when fine-tuning MiniLM's
 * 22.7 million values, an earlier loop in double that rounded each operation to float (the same bits, since a
 * double result rounded to float is the correctly rounded float result for {@code + - * /} and square root) took
 * about 400 ms of a 1.7 s step.
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
    /** Scratch for DOUBLE parameters, made on first use: training runs in FLOAT, DOUBLE is for checks. */
    private double[] pc;
    private double[] mc;
    private double[] vc;
    private double[] gc;
    private final float[] pf = new float[CHUNK];
    private final float[] mf = new float[CHUNK];
    private final float[] vf = new float[CHUNK];
    private final float[] gf = new float[CHUNK];

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
        if (m.dataType() != type || v.dataType() != type) {
            // the values are read through a pointer of the parameter's type: a moment of another type (a checkpoint
            // saved with another precision) would be read as garbage
            throw new IllegalArgumentException("AdamW moments must have the parameter's type " + type + ", not "
                    + m.dataType() + " and " + v.dataType());
        }
        if (p.isEmpty()) {
            return;
        }
        INDArray pw = dense(p);
        INDArray mw = dense(m);
        INDArray vw = dense(v);
        INDArray gw = dense(g.dataType() == type ? g : g.castTo(type));
        // each constant rounded to the parameter's type first, as ND4J's scalar operations do
        if (type == DataType.FLOAT) {
            updateFloats(pw, mw, vw, gw, (float) c.decay(), (float) c.beta1(), (float) (1 - c.beta1()),
                    (float) c.beta2(), (float) (1 - c.beta2()), (float) c.bc2(), (float) c.epsilon(),
                    (float) (c.lr() / c.bc1()));
        } else {
            updateDoubles(pw, mw, vw, gw, c.decay(), c.beta1(), 1 - c.beta1(), c.beta2(), 1 - c.beta2(), c.bc2(),
                    c.epsilon(), c.lr() / c.bc1());
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

    /** The DOUBLE case: double arithmetic is the parameter's own, nothing to round. */
    private void updateDoubles(INDArray pw, INDArray mw, INDArray vw, INDArray gw, double decay, double b1,
                               double gain1, double b2, double gain2, double bc2, double eps, double stepScale) {
        if (pc == null) {
            pc = new double[CHUNK];
            mc = new double[CHUNK];
            vc = new double[CHUNK];
            gc = new double[CHUNK];
        }
        long n = pw.length();
        for (long from = 0; from < n; from += CHUNK) {
            int len = (int) Math.min(CHUNK, n - from);
            values.read(pw, from, pc, len);
            values.read(mw, from, mc, len);
            values.read(vw, from, vc, len);
            values.read(gw, from, gc, len);
            for (int i = 0; i < len; i++) {
                double grad = gc[i];
                double mi = mc[i] * b1 + grad * gain1;
                double vi = vc[i] * b2 + grad * grad * gain2;
                double denominator = Math.sqrt(vi / bc2) + eps;
                pc[i] = pc[i] * decay - mi / denominator * stepScale;
                mc[i] = mi;
                vc[i] = vi;
            }
            values.write(pw, from, pc, len);
            values.write(mw, from, mc, len);
            values.write(vw, from, vc, len);
        }
    }

    /**
     * The FLOAT case in float arithmetic: Java rounds every float {@code + - * /} to float and never contracts
     * them into fused multiply-adds, and {@code (float) Math.sqrt(x)} is the correctly rounded float square root, so
     * this gives the bits of ND4J's operation sequence (each rounded to float); the compiler can vectorise it.
     * A decay of exactly 1 leaves every value as it is (x * 1 = x in IEEE arithmetic).
     */
    private void updateFloats(INDArray pw, INDArray mw, INDArray vw, INDArray gw, float decay, float b1,
                              float gain1, float b2, float gain2, float bc2, float eps, float stepScale) {
        long n = pw.length();
        for (long from = 0; from < n; from += CHUNK) {
            int len = (int) Math.min(CHUNK, n - from);
            values.read(pw, from, pf, len);
            values.read(mw, from, mf, len);
            values.read(vw, from, vf, len);
            values.read(gw, from, gf, len);
            floatChunk(len, decay, b1, gain1, b2, gain2, bc2, eps, stepScale);
            values.write(pw, from, pf, len);
            values.write(mw, from, mf, len);
            values.write(vw, from, vf, len);
        }
    }

    /** A loop of its own over local array references: a small loop without field reloads is what C2 vectorises. */
    private void floatChunk(int len, float decay, float b1, float gain1, float b2, float gain2, float bc2, float eps,
                            float stepScale) {
        float[] p = pf;
        float[] m = mf;
        float[] v = vf;
        float[] g = gf;
        for (int i = 0; i < len; i++) {
            float grad = g[i];
            float mi = m[i] * b1 + grad * gain1;
            float vi = v[i] * b2 + grad * grad * gain2;
            float denominator = (float) Math.sqrt(vi / bc2) + eps;
            p[i] = p[i] * decay - mi / denominator * stepScale;
            m[i] = mi;
            v[i] = vi;
        }
    }

    /** {@code a} itself when its values are its buffer in order from the start, else a dense copy. */
    private static INDArray dense(INDArray a) {
        return HostValues.isDense(a) ? a : a.dup('c');
    }
}
