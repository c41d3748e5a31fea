package io.sentifuse.encoder.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where a SameDiff forward pass spends its wall time: inside ops (per op type) and between them, in SameDiff's
 * session (working out the subgraph, output shapes and allocations for the next op). SameDiff runs one op at a
 * time, so for small inputs the time between ops can outweigh the ops themselves, and a rewrite that removes ops
 * saves that share too. Wall time, because the ops' own threads are part of what is measured; profile on an
 * otherwise idle machine and compare shares rather than absolute figures.
 */
public final class ForwardProfile extends BaseListener {

    /**
     * A pass's time, per pass.
     *
     * @param passes     profiled passes (after the benchmark's own warm-up)
     * @param wallMs     whole pass, as the caller sees it
     * @param opMs       inside ops
     * @param betweenMs  from the end of one op to the start of the next
     * @param opsPerPass ops executed
     * @param ops        per op type, largest time first
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int passes, double wallMs, double opMs, double betweenMs, long opsPerPass, List<Share> ops) {

        /** The profile's lines for a terminal: the split of a pass and its ten costliest op types; empty for null. */
        public static String text(Result p) {
            if (p == null) {
                return "";
            }
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%nprofile of %d SameDiff passes: %.1f ms "
                    + "per pass, %.1f ms inside %d ops, %.1f ms between them (SameDiff's session), %.1f ms around them",
                    p.passes(), p.wallMs(), p.opMs(), p.opsPerPass(), p.betweenMs(),
                    p.wallMs() - p.opMs() - p.betweenMs()));
            for (Share op : p.ops().subList(0, Math.min(10, p.ops().size()))) {
                s.append(String.format(Locale.ROOT, "%n  %-22s %5d per pass %8.2f ms %5.1f%%", op.op(), op.perPass(),
                        op.ms(), 100 * op.share()));
            }
            return s.toString();
        }
    }

    /**
     * One op type's share of the time inside ops.
     *
     * @param op      op name ({@code matmul}, {@code reshape}, ...)
     * @param perPass executions per pass
     * @param ms      wall ms per pass
     * @param share   fraction of the time inside ops
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Share(String op, long perPass, double ms, double share) {
    }

    private final Map<String, long[]> byType = new HashMap<>();
    private long opStart;
    private long opEnd = -1;
    private long between;

    private ForwardProfile() {
    }

    /** Runs {@code pass} {@code passes} times with the profile listening to {@code sd}. */
    public static Result of(SameDiff sd, Runnable pass, int passes) {
        ForwardProfile p = new ForwardProfile();
        sd.addListeners(p);
        long start = System.nanoTime();
        try {
            for (int k = 0; k < passes; k++) {
                p.opEnd = -1; // the gap before a pass's first op is the caller's, not SameDiff's
                pass.run();
            }
        } finally {
            sd.getListeners().remove(p);
        }
        return p.result(passes, System.nanoTime() - start);
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        opStart = System.nanoTime();
        if (opEnd >= 0) {
            between += opStart - opEnd;
        }
    }

    @Override
    public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                            INDArray[] outputs) {
        opEnd = System.nanoTime();
        long[] t = byType.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
        t[0] += opEnd - opStart;
        t[1]++;
    }

    private Result result(int passes, long wallNanos) {
        long inside = byType.values().stream().mapToLong(t -> t[0]).sum();
        long count = byType.values().stream().mapToLong(t -> t[1]).sum();
        List<Share> shares = new ArrayList<>();
        byType.forEach((op, t) -> shares.add(new Share(op, t[1] / passes, t[0] / 1e6 / passes,
                inside == 0 ? 0 : (double) t[0] / inside)));
        shares.sort(Comparator.comparingDouble(Share::ms).reversed());
        return new Result(passes, wallNanos / 1e6 / passes, inside / 1e6 / passes, between / 1e6 / passes,
                count / passes, shares);
    }
}
