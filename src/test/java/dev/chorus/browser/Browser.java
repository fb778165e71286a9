package dev.chorus.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through chromedriver, for the browser tests. Both binaries are
 * Debian's ({@code scripts/test} installs them); giving their paths keeps Selenium from looking for
 * drivers on the network. Each browser gets a fresh profile directory.
 */
final class Browser implements AutoCloseable {

  static final String CHROMIUM = System.getProperty("chorus.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getProperty("chorus.chromedriver", "/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Whether chromium and chromedriver are installed (scripts/test installs them). */
  static boolean available() {
    return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
  }

  static Browser open() throws IOException {
    Path profile = Files.createTempDirectory("chorus-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1000,700",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options), profile);
  }

  WebDriver driver() {
    return driver;
  }

  void get(String url) {
    driver.get(url);
  }

  /** Waits until {@code condition} gives a non-null, non-false value. */
  <T> T await(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(20)).until(condition);
  }

  <T> T await(Function<WebDriver, T> condition) {
    return await(Duration.ofSeconds(15), condition);
  }

  /**
   * The first element matching {@code css} whose text contains {@code text}, or null. An element
   * the page replaced while it was being read (tables redrawn on each sample) counts as not found,
   * so {@link #await} tries again.
   */
  WebElement find(String css, String text) {
    try {
      for (WebElement e : driver.findElements(By.cssSelector(css))) {
        if (e.getText().contains(text)) {
          return e;
        }
      }
    } catch (StaleElementReferenceException e) {
      return null;
    }
    return null;
  }

  /** Replaces the text of the input with id {@code id}. */
  void type(String id, String text) {
    WebElement field = driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  void click(String css) {
    driver.findElement(By.cssSelector(css)).click();
  }

  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  /** Writes {@code target/screenshots/<name>.png}. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | RuntimeException e) {
        // a temp profile left behind is harmless
      }
    }
  }
}
