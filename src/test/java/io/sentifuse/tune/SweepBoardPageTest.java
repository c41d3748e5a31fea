package io.sentifuse.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.app.Services;
import io.sentifuse.ui.Browser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sweep board and the Arbiter page during a running sweep, in headless Chromium: the board lists the sweep,
 * its leaderboard grows row by row and draws a row per fusion head; the stock Arbiter page lists the candidates.
 * Screenshots are kept in target/screenshots/.
 */
class SweepBoardPageTest {

    @TempDir
    Path tmp;

    @Test
    void theBoardAndTheArbiterPageShowTheSweepWhileItRuns() throws Exception {
        Browser.assumeInstalled();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = tmp.resolve("board.yaml");
        Files.writeString(file, """
                name: board
                base: %s
                seed: 1
                set:
                  training.epochs: 4
                  training.synthetic.examples: 900
                  training.synthetic.task: complementary
                space:
                  fusion.head: {choice: [naive-cat, naive-combine, late-average, gmu]}
                  training.lr: {log_uniform: [1.0e-3, 1.0e-2]}
                budget: {max_candidates: 6}
                score: {seeds_per_candidate: 1}
                """.formatted(Path.of("experiments/smoke/synthetic.yaml").toAbsolutePath()));
        CompletableFuture<SweepResult> sweep = CompletableFuture.supplyAsync(() -> Services.sweeps().run(
                new SweepRequest(file, List.of("output.runs_dir=" + tmp.resolve("runs"), "ui.port=" + port), null,
                        true, null, new PrintWriter(new StringWriter()))));
        ChromeDriver browser = Browser.open(tmp.resolve("profile"));
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(240));
            String base = "http://127.0.0.1:" + port;
            wait.until(d -> {
                try {
                    d.get(base + "/sentifuse/sweeps");
                    return !d.findElements(By.cssSelector("#sweeps .run-item")).isEmpty();
                } catch (RuntimeException e) {
                    return false; // the server is not up yet
                }
            });
            wait.until(d -> d.findElements(By.cssSelector("#leaderboard tbody tr")).size() >= 2);
            assertThat(browser.findElement(By.id("sweep-name")).getText()).isEqualTo("board");
            assertThat(browser.findElements(By.cssSelector("#head-chart g.head-row"))).isNotEmpty();
            assertThat(browser.findElement(By.cssSelector("#leaderboard tbody tr.best td:nth-child(1)")).getText())
                    .isEqualTo("1");
            assertThat(browser.findElement(By.cssSelector("#leaderboard tbody tr td.runs a")).getAttribute("href"))
                    .contains("/sentifuse?run=");
            Browser.screenshot(browser, Path.of("target/screenshots/sweep-board.png"));

            browser.get(base + "/arbiter");
            wait.until(d -> d.getPageSource().contains("Models Completed"));
            wait.until(d -> {
                String completed = d.findElement(By.xpath("//td[text()='Models Completed']/following-sibling::td"))
                        .getText();
                return !completed.isBlank() && Integer.parseInt(completed.trim()) >= 2;
            });
            Browser.screenshot(browser, Path.of("target/screenshots/arbiter.png"));
        } finally {
            browser.quit();
        }
        SweepResult result = sweep.get();
        assertThat(result.candidates()).isEqualTo(6);
    }
}
