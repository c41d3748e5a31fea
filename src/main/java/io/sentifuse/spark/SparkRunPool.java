package io.sentifuse.spark;

import io.sentifuse.reproduce.RunExchange;
import io.sentifuse.reproduce.RunPool;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reproduction's runs as Spark tasks: {@code parallelize(inputs, n)} with one partition per input, each mapped on
 * an executor (as many at once as the cluster has task slots), the results collected on the driver when the job
 * ends and handed on in input order. A task whose executor dies is retried by Spark; the run it trains resumes
 * from its run folder. The context lives for one {@link #each} call.
 */
public final class SparkRunPool implements RunPool {

    private static final Logger LOG = LoggerFactory.getLogger(SparkRunPool.class);

    private final SparkMaster master;
    private final String appName;

    public SparkRunPool(SparkMaster master, String appName) {
        this.master = master;
        this.appName = appName;
    }

    @Override
    public <I extends Serializable, O extends Serializable> void each(List<I> inputs, Task<I, O> task,
                                                                     BiConsumer<I, O> done) {
        if (inputs.isEmpty()) {
            return;
        }
        try (JavaSparkContext context = new JavaSparkContext(ExecutorSettings.conf(master, appName))) {
            LOG.info("{} runs as Spark tasks on {}", inputs.size(), master);
            List<I> in = new ArrayList<>(inputs);
            List<Pair<I, O>> results;
            try {
                results = context.parallelize(in, in.size())
                        .map(i -> new Pair<>(i, ExecutorSettings.inTask(() -> task.apply(i)))).collect();
            } catch (Exception e) { // SparkException is checked but undeclared: callers catch unchecked failures
                throw new IllegalStateException("the reproduction's Spark job failed: " + e.getMessage(), e);
            }
            for (Pair<I, O> p : results) {
                done.accept(p.input(), p.output());
            }
        }
    }

    /** Exchanges of a reproduction's run folders through {@code storage} ({@link StagedRuns}). */
    public static RunExchange.Factory exchanges(SharedStorage storage) {
        return StagedRuns.factory(storage);
    }

    /** An input with its result. */
    record Pair<I, O>(I input, O output) implements Serializable {
    }
}
