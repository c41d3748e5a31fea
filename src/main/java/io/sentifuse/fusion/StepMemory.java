package io.sentifuse.fusion;

import io.sentifuse.system.LendingMemory;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory manager of the gradient pass: every array it lends during a training step comes back when the step
 * ends (except the gradients handed to the caller) and is lent again, for the same type and shape, in later steps.
 *
 * <p>Why: in ND4J M2.1 the gradient function's session gives almost none of its arrays back to its memory
 * manager (its dependency tracking never marks a forward or backward array as done; plain inference does), so
 * with the default manager every array of every step is a fresh native allocation left to the garbage
 * collector: about 600 per {@code cmac} step, 4 MB each for the {@code [16, 49, 1280]} region inputs, and
 * allocating them took longer than running the ops. Arrays the session does release (outputs nothing reads)
 * are reusable within the step.
 *
 * <p>Shapes that are not asked for again (a batch of another length) are closed, oldest first, once the idle
 * arrays exceed {@code stepsKept} times the largest step's arrays, so memory stays near a few steps' working sets.
 */
final class StepMemory extends LendingMemory {

    private final int stepsKept;
    /** Idle arrays by type and shape; iteration order = least recently used first. */
    private final LinkedHashMap<String, ArrayDeque<INDArray>> idle = new LinkedHashMap<>(16, 0.75f, true);
    private final Set<INDArray> lent = Collections.newSetFromMap(new IdentityHashMap<>());
    private long idleBytes;
    private long stepBytes;
    private long largestStep;
    private long allocations;

    /** @param stepsKept idle arrays kept between steps, in multiples of the largest step's arrays */
    StepMemory(int stepsKept) {
        this.stepsKept = stepsKept;
    }

    /** Fresh native allocations so far (reuses are not counted). */
    long allocations() {
        return allocations;
    }

    /** Bytes of arrays kept for reuse. */
    long idleBytes() {
        return idleBytes;
    }

    @Override
    protected INDArray lend(DataType type, long[] shape) {
        ArrayDeque<INDArray> q = idle.get(key(type, shape));
        INDArray a = null;
        while (q != null && !q.isEmpty() && a == null) {
            INDArray candidate = q.poll();
            idleBytes -= bytes(candidate);
            a = candidate.wasClosed() ? null : candidate;
        }
        if (a == null) {
            a = Nd4j.createUninitializedDetached(type, shape);
            allocations++;
        }
        lent.add(a);
        stepBytes += bytes(a);
        return a;
    }

    /** The session is done with {@code array}: reusable at once. Arrays this manager did not lend are ignored. */
    @Override
    public void release(INDArray array) {
        if (lent.remove(array)) {
            keep(array);
        }
    }

    /**
     * The step is over: every lent array becomes reusable except those sharing a buffer with {@code handedOut}
     * (they are the caller's now, who closes them); then idle arrays beyond the budget are closed.
     */
    void endStep(Collection<INDArray> handedOut) {
        Set<Long> owned = new HashSet<>();
        for (INDArray a : handedOut) {
            if (a != null && !a.wasClosed() && a.data() != null) {
                owned.add(a.data().address());
            }
        }
        for (INDArray a : lent) {
            if (!a.wasClosed() && (a.data() == null || !owned.contains(a.data().address()))) {
                keep(a);
            }
        }
        lent.clear();
        largestStep = Math.max(largestStep, stepBytes);
        stepBytes = 0;
        long budget = stepsKept * largestStep;
        Iterator<Map.Entry<String, ArrayDeque<INDArray>>> oldest = idle.entrySet().iterator();
        while (idleBytes > budget && oldest.hasNext()) {
            for (INDArray a : oldest.next().getValue()) {
                idleBytes -= bytes(a);
                close(a);
            }
            oldest.remove();
        }
    }

    private void keep(INDArray a) {
        if (a.wasClosed() || a.isView() || a.data() == null || a.ordering() != 'c') {
            return;
        }
        idle.computeIfAbsent(key(a.dataType(), a.shape()), k -> new ArrayDeque<>()).add(a);
        idleBytes += bytes(a);
    }

    @Override
    public void close() {
        for (ArrayDeque<INDArray> q : idle.values()) {
            q.forEach(StepMemory::close);
        }
        idle.clear();
        idleBytes = 0;
    }

    private static void close(INDArray a) {
        if (!a.wasClosed() && a.closeable()) {
            a.close();
        }
    }

    private static long bytes(INDArray a) {
        return a.length() * a.dataType().width();
    }

    private static String key(DataType type, long[] shape) {
        return type + Arrays.toString(shape);
    }
}
