/**
 * The machine a command runs on: CPU, memory, ND4J backend and BLAS ({@link io.sentifuse.system.SystemInfo},
 * what {@code sentifuse env} prints and every run's provenance records), library versions
 * ({@link io.sentifuse.system.Versions}) and the native-memory ceiling set before ND4J loads
 * ({@link io.sentifuse.system.NativeMemory}).
 */
package io.sentifuse.system;
