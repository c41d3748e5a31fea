package io.sentifuse.spark;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.reproduce.RunPool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reproduction job that fails on Spark reaches the caller as an unchecked exception naming the task's failure:
 * Spark's {@code SparkException} is checked but undeclared, and the reproduction's clean-up after a failed job
 * (fetching the runs that finished in it) catches unchecked ones.
 */
class SparkRunPoolTest {

    @Test
    void aFailedJobIsAnUncheckedExceptionNamingTheTasksFailure() {
        SparkRunPool pool = new SparkRunPool(SparkMaster.of("local[1]"), "sentifuse test failing job");
        List<Integer> done = new ArrayList<>();
        RunPool.Task<Integer, Integer> failing = i -> {
            throw new IllegalArgumentException("run " + i + " cannot train");
        };
        assertThatThrownBy(() -> pool.each(List.of(7), failing, (i, o) -> done.add(o)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the reproduction's Spark job failed: ")
                .hasMessageContaining("run 7 cannot train");
        org.assertj.core.api.Assertions.assertThat(done).isEmpty();
    }
}
