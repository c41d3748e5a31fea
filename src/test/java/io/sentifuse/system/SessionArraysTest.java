package io.sentifuse.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SessionArraysTest {

    @Test
    void lendsTheSmallestIdleBufferThatFitsAndNeverOneMoreThanTwiceTooLarge() {
        SessionArrays m = new SessionArrays(1L << 30);
        INDArray big = Nd4j.create(DataType.FLOAT, 100_000);
        INDArray mid = Nd4j.create(DataType.FLOAT, 3_000);
        m.release(big);
        m.release(mid);
        INDArray a = m.allocate(false, DataType.FLOAT, 40, 50);
        assertThat(a.data().length()).isEqualTo(3_000);
        assertThat(a.shape()).containsExactly(40, 50);
        assertThat(a.ordering()).isEqualTo('c');
        assertThat(m.allocations()).isZero();
        // 100,000 is more than twice 2,000: a fresh buffer, the large one stays for a request it fits
        INDArray b = m.allocate(false, DataType.FLOAT, 2_000);
        assertThat(b.data().length()).isEqualTo(2_000);
        assertThat(m.allocations()).isEqualTo(1);
        assertThat(m.allocate(false, DataType.DOUBLE, 60_000).data().length()).isEqualTo(60_000);
        assertThat(m.allocations()).isEqualTo(2);
        assertThat(m.allocate(false, DataType.FLOAT, 300, 200).data().length()).isEqualTo(100_000);
        assertThat(m.allocations()).isEqualTo(2);
    }

    @Test
    void tracksIdleArraysByIdentityNotByValue() {
        // two idle arrays with equal values (zeros, shape [1000]): one on a 1,500-element buffer, released first
        INDArray onLarger = Nd4j.create(Nd4j.create(DataType.FLOAT, 1_500).data(), new long[] {1_000});
        INDArray exact = Nd4j.create(DataType.FLOAT, 1_000);
        assertThat(onLarger).isEqualTo(exact);
        SessionArrays m = new SessionArrays(8_000);
        m.release(onLarger);
        m.release(exact);
        INDArray lent = m.allocate(false, DataType.FLOAT, 1_000);
        assertThat(lent.data().length()).isEqualTo(1_000);
        // over the limit: the oldest idle array goes (the one on the larger buffer), never the buffer just lent
        m.release(Nd4j.create(DataType.FLOAT, 1_000));
        assertThat(lent.wasClosed()).isFalse();
        assertThat(onLarger.data().wasClosed()).as("an evicted view's buffer is freed, not left to the collector")
                .isTrue();
        lent.assign(3);
        assertThat(lent.sumNumber().doubleValue()).isEqualTo(3_000);
        // released twice: kept once
        INDArray twice = Nd4j.create(DataType.FLOAT, 2_000);
        m.release(twice);
        m.release(twice);
        long before = m.allocations();
        assertThat(m.allocate(false, DataType.FLOAT, 2_000).data().length()).isEqualTo(2_000);
        assertThat(m.allocations()).isEqualTo(before);
        assertThat(m.allocate(false, DataType.FLOAT, 2_000).data().length()).isEqualTo(2_000);
        assertThat(m.allocations()).isEqualTo(before + 1);
    }

    @Test
    void closesTheOldestIdleArraysBeyondItsLimit() {
        SessionArrays m = new SessionArrays(3 * 4_000L);
        INDArray[] arrays = new INDArray[4];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = Nd4j.create(DataType.FLOAT, 1_000);
            m.release(arrays[i]);
        }
        assertThat(arrays[0].wasClosed()).isTrue();
        assertThat(arrays[1].wasClosed() || arrays[2].wasClosed() || arrays[3].wasClosed()).isFalse();
        m.close();
        assertThat(arrays[3].wasClosed()).isTrue();
    }

    @Test
    void aSecondPassOfOneShapeAllocatesNothingAndGivesTheFreshSessionsBits() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 64).subi(0.5);
        INDArray w = Nd4j.rand(DataType.FLOAT, 64, 96).subi(0.5);
        SameDiff reused = graph(w);
        SessionArrays.install(reused);
        INDArray first = reused.output(Map.of("x", x), "y").get("y").dup();
        SessionArrays m = (SessionArrays) reused.getSessions().get(Thread.currentThread().getId()).getMmgr();
        long afterFirst = m.allocations();
        assertThat(afterFirst).isPositive();
        // later passes allocate only their output, which is the caller's and never comes back; every intermediate
        // array is an earlier pass's
        INDArray second = reused.output(Map.of("x", x), "y").get("y").dup();
        assertThat(m.allocations() - afterFirst).isEqualTo(1);
        for (int pass = 0; pass < 3; pass++) {
            assertThat(reused.output(Map.of("x", x), "y").get("y")).isEqualTo(second);
        }
        assertThat(m.allocations() - afterFirst).isEqualTo(4);
        INDArray fresh = graph(w).output(Map.of("x", x), "y").get("y");
        assertThat(first).isEqualTo(fresh);
        assertThat(second).isEqualTo(fresh);
    }

    /** y = sum over rows of tanh(x W + 1) * 2, of a [B, 64] input: several intermediate arrays per pass. */
    private static SameDiff graph(INDArray w) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 64);
        SDVariable h = sd.math().tanh(x.mmul(sd.constant("w", w.dup())).add(1.0)).mul(2.0);
        h.sum("y", 0);
        return sd;
    }
}
