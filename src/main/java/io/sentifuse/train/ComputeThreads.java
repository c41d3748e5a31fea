package io.sentifuse.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Sets how many threads ND4J's native ops use, for the duration of a run. Small heads over cached features
 * execute hundreds of tiny ops per step; on two shared cores the hand-off between threads costs more than it
 * gains (a step of {@code ote} ran 3-8x faster on one thread than on two on a loaded machine).
 */
public final class ComputeThreads implements AutoCloseable {

    private final int previousMax;
    private final int previousMaster;
    private final int previousOmp;
    private final boolean changed;

    private ComputeThreads(int threads) {
        previousMax = Nd4j.getEnvironment().maxThreads();
        previousMaster = Nd4j.getEnvironment().maxMasterThreads();
        previousOmp = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        changed = threads > 0;
        if (changed) {
            apply(threads, threads, threads);
        }
    }

    /** Uses {@code threads} threads until closed; 0 leaves the current setting. */
    public static ComputeThreads use(int threads) {
        return new ComputeThreads(threads);
    }

    private static void apply(int max, int master, int omp) {
        Nd4j.getEnvironment().setMaxThreads(max);
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(omp);
    }

    @Override
    public void close() {
        if (changed) {
            apply(previousMax, previousMaster, previousOmp);
        }
    }
}
