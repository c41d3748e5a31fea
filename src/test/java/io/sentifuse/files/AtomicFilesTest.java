package io.sentifuse.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers of one file at once (two Spark tasks extracting the same tokenizer into a fresh cache: with one fixed
 * temporary name, one writer's rename took the other's file away and that candidate failed) all succeed, the file
 * holds one writer's bytes whole, and no temporary file is left.
 */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void concurrentWritersOfOneFileAllSucceedAndLeaveOneWholeVersion() throws Exception {
        Path file = tmp.resolve("cache/models/tokenizer.json");
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<String> texts = new ArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                String text = ("writer " + w + " ").repeat(20_000);
                texts.add(text);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20; i++) {
                        AtomicFiles.writeString(file, text);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(); // rethrows a writer's failure
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(texts).contains(Files.readString(file, StandardCharsets.UTF_8));
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("tokenizer.json");
        }
    }
}
