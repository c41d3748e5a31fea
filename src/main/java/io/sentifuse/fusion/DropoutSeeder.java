package io.sentifuse.fusion;

import java.nio.charset.StandardCharsets;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.random.custom.DistributionUniform;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes every dropout mask a function of (step seed, op name) alone.
 *
 * <p>Why: in ND4J M2.1 the shape-from-input random ops ({@code randomuniform}) take their generator state
 * from their op context and never advance it; the gradient session even keeps one context per op across
 * calls, so every step would repeat the first step's masks, and two dropout sites of the same shape would
 * draw the same mask. Setting the context's state right before each random op, from a seed mixed from the
 * step and the op's (stable) name, gives independent masks per site and step, and makes a resumed run draw
 * exactly the masks the uninterrupted run would have drawn.
 */
public final class DropoutSeeder extends BaseListener {

    private volatile long stepSeed;

    /** Sets the seed of the next forward pass (the trainer derives it from the run seed and the iteration). */
    public void setStepSeed(long seed) {
        this.stepSeed = seed;
    }

    @Override
    public boolean isActive(Operation operation) {
        return true;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext opContext) {
        if (op.getOp() instanceof DistributionUniform) {
            Random rng = Nd4j.getRandom();
            rng.setSeed(mix(stepSeed ^ fnv(op.getName())));
            if (opContext != null) {
                opContext.setRngStates(rng.rootState(), rng.nodeState());
            }
        }
    }

    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
