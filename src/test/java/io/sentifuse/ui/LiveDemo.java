package io.sentifuse.ui;

import io.sentifuse.config.UiConfig;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live demo of the UI (used for the README screenshot, {@code ui/screenshot.sh}): a synthetic training run
 * fed to a {@link UiSession} on 127.0.0.1, so the pages update while you watch. A finished run stays on the
 * page until the process is stopped.
 *
 * <p>Arguments: {@code RUNS_DIR [PORT] [EPOCHS] [ITERATIONS_PER_EPOCH] [STEP_MILLIS]}.
 */
public final class LiveDemo {

    private static final Logger LOG = LoggerFactory.getLogger(LiveDemo.class);

    private LiveDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path runsDir = Path.of(args.length > 0 ? args[0] : "target/ui-demo-runs");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        int perEpoch = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        long stepMillis = args.length > 4 ? Long.parseLong(args[4]) : 40;

        // A finished run beside the live one, so the runs list shows both kinds.
        Path done = runsDir.resolve("20260101T090000Z-naive-cat-baseline");
        new SyntheticTraining(7, "naive-cat-baseline", "naive-cat", 8, 40, 0).record(done);
        Path live = runsDir.resolve("20260101T100000Z-ote-live");
        try (UiServer keepAlive = UiServer.start("127.0.0.1", port);
             UiSession session = UiSession.open(new UiConfig(true, "127.0.0.1", port), live)) {
            LOG.info("demo page: {}", session.url());
            System.out.println("DEMO_URL " + session.url());
            System.out.flush();
            new SyntheticTraining(42, "ote-live", "ote", epochs, perEpoch, stepMillis).run(live, session);
            LOG.info("demo training finished; serving until the process is stopped");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
