package io.sentifuse.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.system.HostValues;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

class AdamWKernelTest {

    /** The ND4J operations the kernel replaced, in their order (AdamW.step before the kernel). */
    private static void reference(INDArray p, INDArray mt, INDArray vt, INDArray g, AdamWKernel.Constants c) {
        if (c.decay() != 1.0) {
            p.muli(c.decay());
        }
        try (INDArray gm = g.mul(1 - c.beta1())) {
            mt.muli(c.beta1()).addi(gm);
        }
        try (INDArray g2 = g.mul(g)) {
            vt.muli(c.beta2()).addi(g2.muli(1 - c.beta2()));
        }
        try (INDArray denominator = Transforms.sqrt(vt.div(c.bc2()), false).addi(c.epsilon());
             INDArray step = mt.div(denominator)) {
            p.subi(step.muli(c.lr() / c.bc1()));
        }
    }

    /**
     * Six steps on values spread over many magnitudes (gradients from 1e-18 to 1e3, whose squares reach subnormal
     * floats, zeros, both signs): the parameters and both moments equal the ND4J operations' bit for bit, in FLOAT
     * and DOUBLE, with and without weight decay, through native copies and through ND4J's indexing (what a CUDA
     * backend uses), for a c- and an f-ordered parameter (the latter updated on a copy and assigned back) and for
     * a gradient that is a strided view; 20,001 values make three passes of the kernel.
     */
    @Test
    void equalsTheNd4jOperationsBitForBit() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (double decay : new double[] {1.0, 1 - 1.16e-4 * 0.05}) {
                for (HostValues host : new HostValues[] {HostValues.forBackend(), HostValues.portable()}) {
                    for (char order : new char[] {'c', 'f'}) {
                        check(type, decay, new AdamWKernel(host), order);
                    }
                }
            }
        }
        assertThatThrownBy(() -> new AdamWKernel(HostValues.forBackend()).update(Nd4j.zeros(DataType.HALF, 2),
                Nd4j.zeros(DataType.HALF, 2), Nd4j.zeros(DataType.HALF, 2), Nd4j.zeros(DataType.HALF, 2),
                new AdamWKernel.Constants(1, 0.9, 0.999, 0.1, 0.001, 1e-8, 1e-3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HALF");
        // moments are read through a pointer of the parameter's type: another type is refused, not misread
        assertThatThrownBy(() -> new AdamWKernel(HostValues.forBackend()).update(Nd4j.zeros(DataType.FLOAT, 2),
                Nd4j.zeros(DataType.DOUBLE, 2), Nd4j.zeros(DataType.FLOAT, 2), Nd4j.zeros(DataType.FLOAT, 2),
                new AdamWKernel.Constants(1, 0.9, 0.999, 0.1, 0.001, 1e-8, 1e-3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AdamW moments must have the parameter's type FLOAT, not DOUBLE and FLOAT");
    }

    private static void check(DataType type, double decay, AdamWKernel kernel, char order) {
        Random rng = new Random(42);
        int rows = 3;
        int cols = 6667;
        int n = rows * cols;
        INDArray start = Nd4j.createFromArray(values(rng, n, 1.0)).castTo(type).reshape('c', rows, cols);
        INDArray p = start.dup(order);
        INDArray q = start.dup('c');
        INDArray m = Nd4j.zeros(type, rows, cols);
        INDArray v = Nd4j.zeros(type, rows, cols);
        INDArray mr = Nd4j.zeros(type, rows, cols);
        INDArray vr = Nd4j.zeros(type, rows, cols);
        for (int t = 1; t <= 6; t++) {
            INDArray wide = Nd4j.createFromArray(values(rng, 2 * n, Math.pow(10, rng.nextInt(20) - 16)))
                    .castTo(type);
            INDArray g = (t % 3 == 0 ? wide.get(NDArrayIndex.interval(0, 2, 2 * n))
                    : wide.get(NDArrayIndex.interval(0, n)).dup()).reshape('c', rows, cols);
            AdamWKernel.Constants c = new AdamWKernel.Constants(decay, 0.9, 0.999, 1 - Math.pow(0.9, t),
                    1 - Math.pow(0.999, t), 1e-8, 1.16e-3);
            kernel.update(p, m, v, g, c);
            reference(q, mr, vr, g.dup('c'), c);
            // INDArray.equals allows 1e-5: compare the values exactly
            assertThat(p.dup('c').toDoubleMatrix()).as("%s decay %s %s-order step %d: parameters", type, decay,
                    order, t).isDeepEqualTo(q.toDoubleMatrix());
            assertThat(m.toDoubleMatrix()).as("first moment").isDeepEqualTo(mr.toDoubleMatrix());
            assertThat(v.toDoubleMatrix()).as("second moment").isDeepEqualTo(vr.toDoubleMatrix());
        }
        assertThat(java.util.Arrays.deepEquals(p.dup('c').toDoubleMatrix(), start.toDoubleMatrix()))
                .as("the parameters moved").isFalse();
    }

    private static double[] values(Random rng, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % 97 == 0 ? 0.0 : rng.nextGaussian() * scale * Math.pow(10, rng.nextInt(5) - 2);
        }
        return out;
    }
}
