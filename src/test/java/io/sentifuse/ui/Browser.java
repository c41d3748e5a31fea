package io.sentifuse.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for page tests, from Debian's {@code chromium} and {@code chromium-driver} packages (what
 * {@code .ci/run} installs). A test that needs it skips, naming the missing package, when it is not installed;
 * nothing is downloaded.
 */
public final class Browser {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {
    }

    /** Skips the calling test unless Debian's chromium and chromium-driver are installed. */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian package chromium is not installed (" + CHROMIUM
                + "); bash .ci/run installs it");
        assumeTrue(Files.isExecutable(DRIVER), "Debian package chromium-driver is not installed (" + DRIVER
                + "); bash .ci/run installs it");
    }

    /** A headless browser with an empty profile and no background traffic (this machine has no internet). */
    public static ChromeDriver open(Path profile) {
        assumeInstalled();
        // without a driver path Selenium Manager would try to download one
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Saves a screenshot of what the browser shows (for a person to look at). */
    public static void screenshot(ChromeDriver driver, Path file) {
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot save screenshot " + file, e);
        }
    }
}
