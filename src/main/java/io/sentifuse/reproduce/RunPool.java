package io.sentifuse.reproduce;

import java.io.Serializable;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Where a reproduction's runs train: one after another in this JVM ({@link #inline}) or as tasks on a cluster
 * ({@code io.sentifuse.spark}). A pool applies a shippable function to each input and hands every result back on
 * the calling thread's side as soon as it is known, in any order.
 */
public interface RunPool {

    /** A function a pool can send to another JVM. */
    @FunctionalInterface
    interface Task<I extends Serializable, O extends Serializable> extends Serializable {
        O apply(I input);
    }

    /** Builds the training service in the JVM that runs a task (e.g. {@code Services::training}). */
    @FunctionalInterface
    interface Training extends java.util.function.Supplier<io.sentifuse.train.TrainingService>, Serializable {
    }

    /** Applies {@code task} to every input; {@code done} sees each input with its result as it finishes. */
    <I extends Serializable, O extends Serializable> void each(List<I> inputs, Task<I, O> task, BiConsumer<I, O> done);

    /** In this JVM, in order. */
    static RunPool inline() {
        return new RunPool() {
            @Override
            public <I extends Serializable, O extends Serializable> void each(List<I> inputs, Task<I, O> task,
                                                                             BiConsumer<I, O> done) {
                for (I in : inputs) {
                    done.accept(in, task.apply(in));
                }
            }
        };
    }
}
