package io.sentifuse.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what libraries print with {@code System.out.println} (SameDiff announces every differentiated op that
 * way) into the log at DEBUG, line by line, while a command runs; stdout is reserved for the command's result.
 */
final class StdoutToLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("io.sentifuse.library-stdout");

    private final PrintStream original;

    private StdoutToLog() {
        this.original = System.out;
        System.setOut(new PrintStream(new LineLogger(), true, StandardCharsets.UTF_8));
    }

    /** Starts routing; {@link #close()} restores the original stdout. */
    static StdoutToLog start() {
        return new StdoutToLog();
    }

    @Override
    public void close() {
        System.out.flush();
        System.setOut(original);
    }

    private static final class LineLogger extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            flushLine();
        }

        private void flushLine() {
            if (line.size() > 0) {
                LOG.debug("{}", line.toString(StandardCharsets.UTF_8).stripTrailing());
                line.reset();
            }
        }
    }
}
