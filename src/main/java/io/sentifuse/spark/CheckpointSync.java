package io.sentifuse.spark;

import io.sentifuse.train.RunStarted;
import io.sentifuse.train.TrainingListener;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Sends a run's folder to the shared storage after every epoch's checkpoint, so a task Spark retries on another
 * executor resumes from the last checkpoint rather than from the start.
 */
final class CheckpointSync implements TrainingListener {

    private final Consumer<Path> send;
    private Path runDir;

    CheckpointSync(Consumer<Path> send) {
        this.send = send;
    }

    @Override
    public void onStart(RunStarted event) {
        runDir = event.runDir();
    }

    @Override
    public void onCheckpoint(int epoch) {
        if (runDir != null) {
            send.accept(runDir);
        }
    }
}
