package io.sentifuse.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HostValuesTest {

    /** Both ways of copying write and read the same values at the same flat positions, FLOAT and DOUBLE. */
    @Test
    void nativeAndPortableCopiesAgree() {
        for (HostValues host : new HostValues[] {HostValues.forBackend(), HostValues.portable()}) {
            INDArray f = Nd4j.create(DataType.FLOAT, 3, 4);
            host.write(f, 5, new float[] {1.5f, -2.25f, 3f, 99f}, 3);
            assertThat(f.toFloatMatrix()).isDeepEqualTo(new float[][] {{0, 0, 0, 0}, {0, 1.5f, -2.25f, 3f}, {0, 0, 0, 0}});
            float[] back = new float[4];
            host.read(f, 4, back, 3);
            assertThat(back).containsExactly(0f, 1.5f, -2.25f, 0f);

            INDArray d = Nd4j.create(DataType.DOUBLE, 2, 2);
            host.write(d, 1, new double[] {Math.PI, Math.E}, 2);
            assertThat(d.toDoubleMatrix()).isDeepEqualTo(new double[][] {{0, Math.PI}, {Math.E, 0}});
            double[] dback = new double[3];
            host.read(d, 1, dback, 3);
            assertThat(dback).containsExactly(Math.PI, Math.E, 0.0);
        }
        assertThat(HostValues.isDense(Nd4j.create(DataType.FLOAT, 3, 4))).isTrue();
        assertThat(HostValues.isDense(Nd4j.create(DataType.FLOAT, 3, 4).getRow(1))).isFalse();
        assertThat(HostValues.isDense(Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f'))).isFalse();
    }
}
