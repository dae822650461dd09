package dev.aperture.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven by its chromedriver, headless, with a fresh profile; paths are set
 * explicitly so Selenium Manager never tries to download a browser or driver.
 */
public final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /**
     * Where documentation screenshots also go: nowhere but target/ in a test run, so tests never rewrite tracked
     * files; {@code scripts/screenshots} sets it to docs/screenshots to refresh them on purpose.
     */
    static final java.util.Optional<Path> DOCS = java.util.Optional.ofNullable(
            System.getProperty("aperture.docs.screenshots")).filter(s -> !s.isBlank()).map(Path::of);

    final ChromeDriver driver;
    private final String base;
    private final Path profile;

    public Browser(String base) {
        this.base = base;
        System.setProperty("SE_OFFLINE", "true");
        try {
            this.profile = Files.createTempDirectory("aperture-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--lang=en-GB");
        // The console (CSP violations among it) readable through driver.manage().logs().
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    public void open(String path) {
        driver.get(base + path);
    }

    public void logIn(String user, String password) {
        open("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        until(d -> d.getCurrentUrl().equals(base + "/"));
    }

    <T> T until(ExpectedCondition<T> condition) {
        // htmx replaces polled fragments (outerHTML every second): an element found a moment ago may be gone
        // by the time it is read; the condition is then simply evaluated again.
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    java.util.List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Saves the current page under target/screenshots/, and as a documentation screenshot when {@code docs} and asked to. */
    void screenshot(String name, boolean docs) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            if (docs && DOCS.isPresent()) {
                Files.createDirectories(DOCS.get());
                Files.copy(file, DOCS.get().resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole page, not just the viewport: the window grows to the document's height for the shot. */
    public void fullScreenshot(String name, int width) {
        // A headless window cannot grow past its virtual screen; device metrics emulation can.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width, "height", 900,
                "deviceScaleFactor", 1, "mobile", width < 600));
        long height = ((Number) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width,
                "height", (int) Math.min(5000, Math.max(600, height)), "deviceScaleFactor", 1, "mobile", width < 600));
        screenshot(name, true);
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp profile is harmless.
        }
    }
}
