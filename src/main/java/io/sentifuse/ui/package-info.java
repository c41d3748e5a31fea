/**
 * Live training curves in the DL4J UI server, for SameDiff training.
 *
 * <p>{@link io.sentifuse.ui.UiSession} is the training loop's entry point with {@code --ui}: a
 * {@link io.sentifuse.train.TrainingListener} that shows the run live. Nothing here writes to a run folder:
 * stored runs are read back from the trainer's own files ({@link io.sentifuse.ui.TrainerRecords}: iterations,
 * metrics, provenance), incrementally, so runs trained by another process grow on the page.
 * {@link io.sentifuse.ui.UiServer} runs DL4J's own UI server (stock {@code /train} and {@code /arbiter} pages)
 * bound to loopback unless told otherwise. {@link io.sentifuse.ui.SentifuseUiModule} adds the project's page
 * ({@code /sentifuse}: loss, validation accuracy / weighted F1 / macro F1, learning rates, update:parameter
 * ratios, the runs list), whose static files live in the top-level {@code ui/web} folder.
 * {@link io.sentifuse.ui.StoredRunsUi} serves stored runs ({@code sentifuse ui}), replaying each run's
 * iterations into memory for the stock {@code /train} pages ({@link io.sentifuse.ui.StatsReplay}).
 */
package io.sentifuse.ui;
