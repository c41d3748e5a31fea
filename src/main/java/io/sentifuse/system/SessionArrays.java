package io.sentifuse.system;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory manager of an inference session (encoders, fusion heads' predictions): buffers the session is done
 * with are lent again, in this pass or the next.
 *
 * <p>Why: ND4J M2.1's default ({@code ArrayCacheMemoryMgr}) hands a cached array to any request no larger than it
 * (its "at most twice the size" test compares the wrong way round), so a one-element request takes a 50 MB buffer
 * and the large requests that follow allocate afresh: a ResNet-50 pass at batch 16 spent 1.5 s of its 2.1 s in
 * native allocations (page faults of new buffers), about three times the time of its 53 convolutions. Here a request
 * takes the smallest idle buffer of its type that holds it and is at most twice its length (or smaller than 1,024
 * elements), so passes whose shapes vary a little (token lengths) reuse each other's buffers too. Arrays are
 * c-ordered from the buffer's start, as a fresh allocation is, so results are those of fresh arrays bit for bit.
 */
public final class SessionArrays extends LendingMemory {

    /** Idle bytes kept, as a share of JavaCPP's byte limit (as ND4J's own manager). */
    private static final double SHARE_OF_LIMIT = 0.25;
    /** A request takes an idle buffer of at most this many times its length (ND4J's manager's intent). */
    private static final long MAX_OVERSIZE = 2;
    /** An idle buffer of fewer elements than this fits any smaller request. */
    private static final long SMALL = 1024;

    private final long maxIdleBytes;
    /** Idle arrays by type, then by buffer length. */
    private final Map<DataType, TreeMap<Long, ArrayDeque<INDArray>>> idle = new EnumMap<>(DataType.class);
    /** Idle arrays, least recently released first (what goes when the idle bytes exceed the limit). */
    private final ArrayDeque<INDArray> released = new ArrayDeque<>();
    private long idleBytes;
    private long allocations;

    SessionArrays(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
    }

    /**
     * Makes {@code sd}'s inference session on this thread use a {@link SessionArrays} (once; later calls find it).
     * Call before each {@code sd.output} that should reuse arrays.
     */
    public static void install(SameDiff sd) {
        Map<Long, InferenceSession> sessions = sd.getSessions();
        InferenceSession session = sessions.computeIfAbsent(Thread.currentThread().getId(), k -> new InferenceSession(sd));
        if (!(session.getMmgr() instanceof SessionArrays)) {
            session.getMmgr().close();
            session.setMmgr(new SessionArrays((long) (SHARE_OF_LIMIT * Pointer.maxBytes())));
        }
    }

    /** Fresh native allocations so far (reuses are not counted). */
    public long allocations() {
        return allocations;
    }

    @Override
    protected INDArray lend(DataType type, long[] shape) {
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        TreeMap<Long, ArrayDeque<INDArray>> byLength = idle.get(type);
        Map.Entry<Long, ArrayDeque<INDArray>> fit = byLength == null ? null : byLength.ceilingEntry(length);
        if (fit != null && (fit.getKey() < SMALL || fit.getKey() <= MAX_OVERSIZE * length)) {
            INDArray a = fit.getValue().poll();
            if (fit.getValue().isEmpty()) {
                byLength.remove(fit.getKey());
            }
            released.remove(a);
            idleBytes -= bytes(a);
            // a new object on the buffer (the session tracks arrays by identity), c-ordered from its start
            return Nd4j.create(a.data(), shape);
        }
        allocations++;
        return Nd4j.createUninitializedDetached(type, shape);
    }

    /**
     * The session is done with {@code array}: its buffer is idle from now on. As with ND4J's own managers, whatever the
     * session releases is taken, arrays lent on a larger buffer (views of it) included.
     */
    @Override
    public void release(INDArray array) {
        if (array.wasClosed() || array.data() == null || array.dataType() == DataType.UTF8) {
            return;
        }
        idle.computeIfAbsent(array.dataType(), k -> new TreeMap<>())
                .computeIfAbsent(array.data().length(), k -> new ArrayDeque<>()).add(array);
        released.add(array);
        idleBytes += bytes(array);
        while (idleBytes > maxIdleBytes && !released.isEmpty()) {
            INDArray oldest = released.poll();
            TreeMap<Long, ArrayDeque<INDArray>> byLength = idle.get(oldest.dataType());
            ArrayDeque<INDArray> q = byLength.get(oldest.data().length());
            q.remove(oldest);
            if (q.isEmpty()) {
                byLength.remove(oldest.data().length());
            }
            idleBytes -= bytes(oldest);
            if (oldest.closeable()) {
                oldest.close();
            }
        }
    }

    @Override
    public void close() {
        for (INDArray a : released) {
            if (!a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
        released.clear();
        idle.clear();
        idleBytes = 0;
    }

    private static long bytes(INDArray a) {
        return a.data().length() * a.dataType().width();
    }
}
