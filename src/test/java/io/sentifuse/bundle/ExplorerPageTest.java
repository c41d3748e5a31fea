package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentifuse.ui.Browser;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The prediction explorer as a person uses it, in headless Chromium: type a text, choose an image, press Predict;
 * the label, the probabilities, the token attention and the region heat map appear. A screenshot is kept in
 * target/screenshots/ for a person to look at.
 */
class ExplorerPageTest {

    @TempDir
    Path tmp;

    @Test
    void submittingATextAndAnImageShowsTheLabelAndTheAttention() throws Exception {
        Browser.assumeInstalled();
        try (Predictor predictor = Predictor.open(TestBundles.cmac());
             PredictionServer server = PredictionServer.start(predictor, "127.0.0.1", 0,
                     PredictionServer.DEFAULT_MAX_BODY)) {
            ChromeDriver browser = Browser.open(tmp.resolve("profile"));
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                wait.until(d -> d.findElement(By.id("model")).getText().contains("cmac"));
                WebElement text = browser.findElement(By.id("text"));
                text.clear();
                text.sendKeys("Stuck in the freezing rain again, worst day ever :(");
                browser.findElement(By.id("image")).sendKeys(Path.of("datasets/fixture/mvsa-single/data/9.jpg")
                        .toAbsolutePath().toString());
                wait.until(d -> d.findElement(By.id("go")).isEnabled());
                browser.findElement(By.id("go")).click();
                wait.until(d -> !d.findElement(By.id("label")).getText().equals("–"));
                assertThat(browser.findElement(By.id("label")).getText().toLowerCase(java.util.Locale.ROOT))
                        .isIn("negative", "neutral", "positive");
                assertThat(browser.findElements(By.cssSelector("#probs .row"))).hasSize(3);
                wait.until(d -> "49".equals(d.findElement(By.id("heat")).getAttribute("data-cells")));
                assertThat(browser.findElements(By.cssSelector("#tokens span"))).hasSizeGreaterThan(5);
                assertThat(browser.findElement(By.cssSelector("#tokens span")).getText()).isEqualTo("[CLS]");
                assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
                Browser.screenshot(browser, Path.of("target/screenshots/explorer.png"));
            } finally {
                browser.quit();
            }
        }
    }
}
