package io.sentifuse.data;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon thread pools for decoding work, so a forgotten pool never keeps the JVM alive. */
public final class WorkerThreads {

    private WorkerThreads() {
    }

    /** A fixed pool of {@code threads} daemon threads named {@code <name>-1}, {@code <name>-2}, ... */
    public static ExecutorService pool(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("need at least one thread, got " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }

    /** Stops {@code pool}: interrupts running tasks and waits briefly for them to end. */
    public static void shutdown(ExecutorService pool) {
        pool.shutdownNow();
        try {
            // A native decode cannot be interrupted; it takes milliseconds, so a short wait suffices.
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
