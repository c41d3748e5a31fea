package io.sentifuse.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sentifuse.app.Services;
import io.sentifuse.train.TrainingListener;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that fails on the cluster after some of its runs finished: the driver asks the exchange for each run the job
 * did not return (their run folders are in the storage, not in the driver's runs folder) before the failure
 * propagates, so a later call reuses them; the exchange is opened with every planned run's configuration.
 */
class FailedJobFetchTest {

    @TempDir
    Path tmp;

    @Test
    void runsTheFailedJobDidNotReturnAreFetchedAndTheFailurePropagates() {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        List<Integer> opened = new ArrayList<>();
        RunExchange.Factory factory = (runsDir, configs, sources, features) -> {
            opened.add(configs.size());
            return new Recording(asked);
        };
        RunPool failing = new RunPool() {
            @Override
            public <I extends Serializable, O extends Serializable> void each(List<I> inputs, Task<I, O> task,
                                                                             BiConsumer<I, O> done) {
                throw new IllegalStateException("Job aborted: task 1 failed 4 times");
            }
        };
        ReproduceService service = new ReproduceService(Services.training(), failing, Services::training, factory);
        List<PaperRuns.Spec> plan = ReproduceService.plan(List.of("paper"), List.of("text-only"), 2);
        List<String> sets = List.of("data.path=datasets/fixture/demo", "output.cache_dir=target/test-cache",
                "training.epochs=1");

        assertThatThrownBy(() -> service.obtain(plan, tmp.resolve("runs"), sets,
                new PrintWriter(new StringWriter()))).hasMessage("Job aborted: task 1 failed 4 times");
        assertThat(opened).containsExactly(2);
        assertThat(asked).containsExactlyInAnyOrder("paper-paper-text-only-s0", "paper-paper-text-only-s1");
    }

    /** Records what the driver asks for; has nothing to give. */
    private record Recording(List<String> asked) implements RunExchange {

        @Override
        public Path lockFile(String name) {
            throw new UnsupportedOperationException("driver side only");
        }

        @Override
        public Workspace checkout(String name) {
            throw new UnsupportedOperationException("driver side only");
        }

        @Override
        public TrainingListener sync() {
            throw new UnsupportedOperationException("driver side only");
        }

        @Override
        public void send(Path runDir) {
            throw new UnsupportedOperationException("driver side only");
        }

        @Override
        public Path fetch(String name, Path runsDir) {
            throw new UnsupportedOperationException("nothing came back");
        }

        @Override
        public int fetchFinished(String name, Path runsDir) {
            asked.add(name);
            return 0;
        }
    }
}
