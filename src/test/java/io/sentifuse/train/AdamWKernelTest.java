package io.sentifuse.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
     * Ten steps on values spread over many magnitudes (gradients from 1e-18 to 1e3, whose squares reach subnormal floats, zeros, both signs): the
     * parameters and both moments equal the ND4J operations' bit for bit, in FLOAT and DOUBLE, with and
     * without weight decay, and for a gradient that is a strided view.
     */
    @Test
    void equalsTheNd4jOperationsBitForBit() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (double decay : new double[] {1.0, 1 - 1.16e-4 * 0.05}) {
                Random rng = new Random(42);
                AdamWKernel kernel = new AdamWKernel();
                int n = 20001; // more than two passes of the kernel
                INDArray p = Nd4j.createFromArray(values(rng, n, 1.0)).castTo(type);
                INDArray q = p.dup();
                INDArray m = Nd4j.zeros(type, n);
                INDArray v = Nd4j.zeros(type, n);
                INDArray mr = Nd4j.zeros(type, n);
                INDArray vr = Nd4j.zeros(type, n);
                for (int t = 1; t <= 10; t++) {
                    INDArray wide = Nd4j.createFromArray(values(rng, 2 * n, Math.pow(10, rng.nextInt(20) - 16)))
                            .castTo(type);
                    INDArray g = t % 3 == 0 ? wide.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, 2 * n))
                            : wide.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n)).dup();
                    AdamWKernel.Constants c = new AdamWKernel.Constants(decay, 0.9, 0.999, 1 - Math.pow(0.9, t),
                            1 - Math.pow(0.999, t), 1e-8, 1.16e-3);
                    kernel.update(p, m, v, g, c);
                    reference(q, mr, vr, g.dup(), c);
                    // INDArray.equals allows 1e-5: compare the values exactly
                    assertThat(p.toDoubleVector()).as("%s decay %s step %d: parameters", type, decay, t)
                            .containsExactly(q.toDoubleVector());
                    assertThat(m.toDoubleVector()).as("first moment").containsExactly(mr.toDoubleVector());
                    assertThat(v.toDoubleVector()).as("second moment").containsExactly(vr.toDoubleVector());
                }
                assertThat(p).as("the parameters moved").isNotEqualTo(Nd4j.createFromArray(values(new Random(42), n, 1.0))
                        .castTo(type));
            }
        }
        assertThatThrownBy(() -> new AdamWKernel().update(Nd4j.zeros(DataType.HALF, 2), Nd4j.zeros(DataType.HALF, 2),
                Nd4j.zeros(DataType.HALF, 2), Nd4j.zeros(DataType.HALF, 2),
                new AdamWKernel.Constants(1, 0.9, 0.999, 0.1, 0.001, 1e-8, 1e-3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HALF");
    }

    private static double[] values(Random rng, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % 97 == 0 ? 0.0 : rng.nextGaussian() * scale * Math.pow(10, rng.nextInt(5) - 2);
        }
        return out;
    }
}
