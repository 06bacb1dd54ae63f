package io.socialsync.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver. Both paths are given to Selenium, so Selenium
 * Manager never looks for (or downloads) a browser or a driver; where either is missing the suite skips and says so.
 */
final class ConsoleBrowser {

    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private ConsoleBrowser() {
    }

    /** Why the browser suite cannot run here, or empty when it can. */
    static Optional<String> missing() {
        if (!Files.isExecutable(CHROMIUM)) {
            return Optional.of("no Chromium at " + CHROMIUM + " (apt-get install chromium, or .ci/install-test-tools)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            return Optional.of("no chromedriver at " + CHROMEDRIVER
                    + " (apt-get install chromium-driver, or .ci/install-test-tools)");
        }
        return Optional.empty();
    }

    /** A fresh browser (its own cookies) whose preferred language is {@code language}. */
    static WebDriver open(String language) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    static WebDriverWait waiting(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(Duration.ofMillis(200));
        return wait;
    }

    /** Keeps what the browser shows under {@code target/console-screenshots/<name>.png}. */
    static Path screenshot(WebDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the screenshot " + name, e);
        }
    }

    /** The same page at a phone's width, for the screenshot. */
    static Path phoneScreenshot(WebDriver driver, String name) {
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            return screenshot(driver, name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    static void quit(List<WebDriver> drivers) {
        for (WebDriver driver : drivers) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                System.err.println("closing a browser failed: " + e);
            }
        }
    }
}
