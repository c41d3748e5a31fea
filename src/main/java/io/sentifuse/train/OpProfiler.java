package io.sentifuse.train;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where a SameDiff pass spends its time, per op type (forward ops and their {@code _bp} gradient ops apart): the
 * time from just before each op runs to just after, summed while {@link #count counting}, and the time from the end
 * of one op to the start of the next (SameDiff's session working out what runs next).
 *
 * <p>{@link #cpu()} counts CPU time of the calling thread, because the machines these figures come from are shared;
 * it is complete when ND4J runs on one thread (as frozen-feature training does), and what a step costs beyond its
 * ops (SameDiff's bookkeeping, array allocation, the optimiser) is the step's CPU time minus {@link #opNanos()}.
 * {@link #wall()} counts wall time, the ops' own threads included (forward passes on several threads).
 */
public final class OpProfiler extends BaseListener {

    /**
     * One op type's share.
     *
     * @param op          op name ({@code matmul}, {@code matmul_bp}, ...)
     * @param perStep     ops of this type per step
     * @param millis      ms per step on the profiler's clock (CPU or wall)
     * @param share       fraction of the step's op time
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Share(String op, double perStep, double millis, double share) {
    }

    private final LongSupplier clock;
    private final Map<String, long[]> byType = new HashMap<>();
    private long started;
    private long ended = -1;
    private long between;
    private boolean on;

    private OpProfiler(LongSupplier clock) {
        this.clock = clock;
    }

    /** Counts CPU time of the thread that runs the ops. */
    public static OpProfiler cpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return new OpProfiler(threads::getCurrentThreadCpuTime);
    }

    /** Counts wall time. */
    public static OpProfiler wall() {
        return new OpProfiler(System::nanoTime);
    }

    /** Counts ops while on (the warm-up and evaluation passes are not counted). */
    public void count(boolean counting) {
        on = counting;
        ended = -1; // the clock is read only while counting: no gap spans an uncounted stretch
    }

    /** A new pass starts: the time before its first op is the caller's, not SameDiff's. */
    public void newPass() {
        ended = -1;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        if (!on) {
            return; // warm-up and untimed passes read no clock
        }
        started = clock.getAsLong();
        if (ended >= 0) {
            between += started - ended;
        }
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        if (!on) {
            return;
        }
        ended = clock.getAsLong();
        long[] t = byType.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
        t[0] += ended - started;
        t[1]++;
    }

    /** Nanoseconds inside ops so far. */
    public long opNanos() {
        return byType.values().stream().mapToLong(t -> t[0]).sum();
    }

    /** Nanoseconds between ops of one pass so far. */
    public long betweenNanos() {
        return between;
    }

    /** Ops executed so far. */
    public long ops() {
        return byType.values().stream().mapToLong(t -> t[1]).sum();
    }

    /** Op types by time, largest first, as per-step figures over {@code steps} counted steps. */
    public List<Share> shares(int steps) {
        double total = Math.max(1, opNanos());
        List<Share> out = new ArrayList<>();
        byType.forEach((op, t) -> out.add(new Share(op, (double) t[1] / steps, t[0] / 1e6 / steps, t[0] / total)));
        out.sort(Comparator.comparingDouble(Share::millis).reversed());
        return out;
    }
}
