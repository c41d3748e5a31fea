/**
 * The machine a command runs on: CPU, memory, ND4J backend and BLAS ({@link io.sentifuse.system.SystemInfo},
 * what {@code sentifuse env} prints and every run's provenance records), library versions
 * ({@link io.sentifuse.system.Versions}), and what must be settled before ND4J loads: the native-memory ceiling
 * ({@link io.sentifuse.system.NativeMemory}) and the build of ND4J's native library for this CPU
 * ({@link io.sentifuse.system.Nd4jBinaries}, read back by {@link io.sentifuse.system.LoadedNd4jBinary}); and how an
 * inference session reuses its native arrays ({@link io.sentifuse.system.SessionArrays}) and its walk of the graph
 * ({@link io.sentifuse.system.SubgraphSession}).
 */
package io.sentifuse.system;
