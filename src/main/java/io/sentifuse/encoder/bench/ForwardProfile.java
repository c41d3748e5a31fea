package io.sentifuse.encoder.bench;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.sentifuse.train.OpProfiler;
import java.util.List;
import java.util.Locale;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Where a SameDiff forward pass spends its wall time: inside ops (per op type) and between them, in SameDiff's
 * session (working out the subgraph, output shapes and allocations for the next op). SameDiff runs one op at a
 * time, so for small inputs the time between ops can outweigh the ops themselves, and a rewrite that removes ops
 * saves that share too. Wall time, because the ops' own threads are part of what is measured; profile on an
 * otherwise idle machine and compare shares rather than absolute figures.
 */
public final class ForwardProfile {

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

    private ForwardProfile() {
    }

    /** Runs {@code pass} {@code passes} times with an {@link OpProfiler} (wall time) listening to {@code sd}. */
    public static Result of(SameDiff sd, Runnable pass, int passes) {
        OpProfiler p = OpProfiler.wall();
        p.count(true);
        sd.addListeners(p);
        long start = System.nanoTime();
        try {
            for (int k = 0; k < passes; k++) {
                p.newPass();
                pass.run();
            }
        } finally {
            sd.getListeners().remove(p);
        }
        long wall = System.nanoTime() - start;
        List<Share> ops = p.shares(passes).stream()
                .map(o -> new Share(o.op(), Math.round(o.perStep()), o.millis(), o.share())).toList();
        return new Result(passes, wall / 1e6 / passes, p.opNanos() / 1e6 / passes, p.betweenNanos() / 1e6 / passes,
                p.ops() / passes, ops);
    }
}
