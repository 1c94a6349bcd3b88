package dev.aftermath.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium and chromedriver for the browser tests ({@code CHROME_BIN} / {@code CHROMEDRIVER}
 * override the paths). Both binaries are given explicitly, so Selenium Manager never starts and nothing is downloaded.
 * Browser test classes carry {@code @EnabledIf(value = Chromium.INSTALLED, disabledReason = Chromium.SKIPPED)}, so a
 * machine without a browser skips them before the Spring context starts, except in CI ({@code CI=true}): there a test
 * that cannot run must fail, so the classes stay enabled and {@link #start} fails naming the missing binary.
 */
public final class Chromium {

    public static final String INSTALLED = "dev.aftermath.support.Chromium#installed";
    public static final String SKIPPED = "Chromium/chromedriver not installed: browser test skipped";

    private Chromium() {
    }

    /** Whether browser tests run: Chromium and chromedriver are installed, or this is CI (where they must be). */
    public static boolean installed() {
        return present() || ci();
    }

    static boolean present() {
        return Files.isExecutable(Paths.get(bin())) && Files.isExecutable(Paths.get(driverBin()));
    }

    /** {@code CI=true}: a test that cannot run fails instead of skipping. */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static String bin() {
        return firstNonBlank(System.getenv("CHROME_BIN"), "/usr/bin/chromium");
    }

    public static String driverBin() {
        return firstNonBlank(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver");
    }

    /**
     * A headless Chromium with its own profile directory. The background-networking flags keep it from calling out of
     * this machine's closed network.
     */
    public static WebDriver start(Path profile) {
        if (!present()) {
            throw new IllegalStateException("CI=true but Chromium/chromedriver are not installed (" + bin() + ", "
                    + driverBin() + "): the browser tests cannot run; install chromium and chromium-driver");
        }
        System.setProperty("webdriver.chrome.driver", driverBin());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(bin());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driverBin()))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    private static String firstNonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
