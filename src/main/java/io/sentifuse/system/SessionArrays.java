package io.sentifuse.system;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory manager of an encoder's inference session: buffers the session is done with are lent again, in this
 * pass or the next.
 *
 * <p>Why: with ND4J M2.1's default manager ({@code ArrayCacheMemoryMgr}) nearly every op of an encoder pass got a
 * freshly allocated buffer: a ResNet-50 pass at batch 16 spent 1.5 s of its 2.1 s in native allocations
 * ({@code allocateDataBuffer}, Java Flight Recorder: the page faults of new 50 MB buffers), about three times the
 * time of its 53 convolutions. Here a request takes the smallest idle buffer of its type that holds it and is at most
 * twice its length, or any idle buffer under 1,024 elements, so passes whose shapes vary a little (token lengths)
 * reuse each other's buffers too. As ND4J's manager does, a buffer that something else also uses (its use count
 * above 1) is not taken back, nor an array released twice. Arrays are c-ordered from the buffer's start, as a fresh
 * allocation is, so results are those of fresh arrays bit for bit. Evicted buffers are freed at once.
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
    /**
     * Idle arrays by {@link INDArray#getId()}, least recently released first (what goes when the idle bytes exceed the
     * limit). By id, not by {@code equals}: ND4J's arrays are equal when their values are.
     */
    private final LinkedHashMap<Long, INDArray> released = new LinkedHashMap<>();
    private long idleBytes;
    private long allocations;

    SessionArrays(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
    }

    /**
     * Makes {@code sd}'s inference session on this thread a {@link SubgraphSession} that uses a {@link SessionArrays}
     * (once; later calls find it). Call before each {@code sd.output} that should reuse arrays.
     */
    public static void install(SameDiff sd) {
        InferenceSession session = SubgraphSession.install(sd);
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
        if (length == 0) {
            return Nd4j.create(type, shape);
        }
        TreeMap<Long, ArrayDeque<INDArray>> byLength = idle.get(type);
        Map.Entry<Long, ArrayDeque<INDArray>> fit = byLength == null ? null : byLength.ceilingEntry(length);
        while (fit != null && (fit.getKey() < SMALL || fit.getKey() <= MAX_OVERSIZE * length)) {
            INDArray a = fit.getValue().poll();
            if (fit.getValue().isEmpty()) {
                byLength.remove(fit.getKey());
            }
            released.remove(a.getId());
            idleBytes -= bytes(a);
            if (!a.wasClosed()) {
                // a new object on the buffer (the session tracks arrays by identity), c-ordered from its start
                return Nd4j.create(a.data(), shape);
            }
            fit = byLength.ceilingEntry(length);
        }
        allocations++;
        return Nd4j.createUninitializedDetached(type, shape);
    }

    /** The session is done with {@code array}: its buffer is idle from now on, unless something else uses it. */
    @Override
    public void release(INDArray array) {
        if (array.wasClosed() || array.data() == null || array.dataType() == DataType.UTF8
                || released.containsKey(array.getId()) || Nd4j.getExecutioner().useCount(array.data()) > 1) {
            return;
        }
        idle.computeIfAbsent(array.dataType(), k -> new TreeMap<>())
                .computeIfAbsent(array.data().length(), k -> new ArrayDeque<>()).add(array);
        released.put(array.getId(), array);
        idleBytes += bytes(array);
        Iterator<INDArray> oldest = released.values().iterator();
        while (idleBytes > maxIdleBytes && oldest.hasNext()) {
            INDArray a = oldest.next();
            oldest.remove();
            TreeMap<Long, ArrayDeque<INDArray>> byLength = idle.get(a.dataType());
            ArrayDeque<INDArray> q = byLength.get(a.data().length());
            q.removeIf(x -> x == a);
            if (q.isEmpty()) {
                byLength.remove(a.data().length());
            }
            idleBytes -= bytes(a);
            free(a);
        }
    }

    @Override
    public void close() {
        released.values().forEach(SessionArrays::free);
        released.clear();
        idle.clear();
        idleBytes = 0;
    }

    /**
     * Frees an idle array's buffer now. Through the buffer, not the array: an array lent on a larger buffer is a view
     * of it, and ND4J does not close views, so closing the array would leave the buffer to the garbage collector.
     */
    private static void free(INDArray a) {
        if (!a.wasClosed() && a.data().closeable()) {
            a.data().close();
        }
    }

    private static long bytes(INDArray a) {
        return a.data().length() * a.dataType().width();
    }
}
