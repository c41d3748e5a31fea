package io.sentifuse.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/** A supplier Spark can ship to executors (e.g. {@code Services::training}, a reference to a static method). */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {
}
