/**
 * Live training curves in the DL4J UI server, for SameDiff training.
 *
 * <p>{@link io.sentifuse.ui.UiSession} is the training loop's entry point: a
 * {@link io.sentifuse.train.TrainingListener} that records each run into its folder and, with {@code --ui},
 * serves it live. {@link io.sentifuse.ui.UiServer} runs DL4J's own UI server (stock {@code /train} and
 * {@code /arbiter} pages) bound to loopback unless told otherwise. {@link io.sentifuse.ui.SentifuseUiModule}
 * adds the project's page ({@code /sentifuse}: loss, validation accuracy / weighted F1 / macro F1, learning
 * rates, update:parameter ratios, the runs list), whose static files live in the top-level {@code ui/web}
 * folder. {@link io.sentifuse.ui.StoredRunsUi} serves stored runs ({@code sentifuse ui}).
 */
package io.sentifuse.ui;
