/**
 * Scale-out on Apache Spark: a sweep's candidates (or a reproduction's head x seed runs) become Spark tasks, one
 * task per candidate, each training on an executor with the project's own trainer into the same run-folder layout
 * on storage every executor reads. The driver keeps the sweep's state: Arbiter draws the candidates, the ledger,
 * leaderboard and Arbiter status storage are written there as each task's result comes back, so a sweep on a
 * cluster looks, on disk and in the UI, like one run locally. DL4J's own {@code dl4j-spark} averages gradients of
 * DL4J networks and stops at 1.0.0-M2; here whole candidates are distributed, not gradients.
 *
 * <p>{@link io.sentifuse.spark.SparkMaster} checks the master URL, {@link io.sentifuse.spark.SparkCandidates}
 * submits candidates from the driver, {@link io.sentifuse.spark.CandidateTask} trains one on an executor and
 * {@link io.sentifuse.spark.SparkRunPool} runs a reproduction's runs as one job, and
 * {@link io.sentifuse.spark.ExecutorSettings} derives the executors' class path, environment, ND4J threads and
 * off-heap limits. Executors that share no path with the driver exchange files through a Hadoop {@code FileSystem}
 * folder ({@code --storage}: {@link io.sentifuse.spark.SharedStorage}): the driver publishes the runs' inputs
 * ({@link io.sentifuse.spark.StagedInputs}) and a sweep's file ({@link io.sentifuse.spark.StagedSweep}), executors
 * stage them and send run folders back ({@link io.sentifuse.spark.StagedCandidate} for a sweep's candidates,
 * {@link io.sentifuse.spark.StagedRuns} for a reproduction's runs), and the driver relocates the run folders it
 * fetches to its own inputs.
 */
package io.sentifuse.spark;
