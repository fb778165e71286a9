package dev.chorus.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.Chorus;
import dev.chorus.testing.TestChorus;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** Two people on the web chat page in one channel, in two real (headless) browsers. */
class WebChatBrowserTest {

  @TempDir static Path dataDir;
  static Chorus chorus;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Browser.available(), "chromium and chromedriver are needed: see scripts/test");
    chorus = TestChorus.start(dataDir, Map.of("http.instances", "2"));
  }

  @AfterAll
  static void stop() {
    if (chorus != null) {
      chorus.stop().await();
    }
  }

  private String page(String community, String name) {
    return "http://127.0.0.1:"
        + chorus.httpPort()
        + "/?community="
        + community
        + "&channel=main&name="
        + name;
  }

  private static void say(Browser browser, String text) {
    var input = browser.driver().findElement(By.id("text"));
    input.sendKeys(text);
    input.sendKeys(Keys.ENTER);
  }

  private static long count(Browser browser, String css, String text) {
    return browser.driver().findElements(By.cssSelector(css)).stream()
        .filter(e -> e.getText().contains(text))
        .count();
  }

  @Test
  void twoPagesInOneChannelSeeEachOthersLinesAndTheBotsReplies() throws Exception {
    String community = "bchat"; // seeded (TestChorus.COMMUNITIES): this class has its own process
    try (Browser alice = Browser.open();
        Browser bob = Browser.open()) {
      alice.get(page(community, "alice"));
      bob.get(page(community, "bob"));
      for (Browser b : new Browser[] {alice, bob}) {
        b.await(d -> d.findElement(By.id("status")).getText().startsWith("in " + community));
      }
      say(alice, "!ping");
      assertNotNull(bob.await(d -> bob.find("#log li.other", "alice: !ping")));
      assertNotNull(bob.await(d -> bob.find("#log li.bot", "bot: pong")));
      assertNotNull(alice.await(d -> alice.find("#log li.bot", "bot: pong")));
      say(bob, "hi alice, welcome");
      assertNotNull(alice.await(d -> alice.find("#log li.other", "bob: hi alice, welcome")));
      // Alice's own line shows once, and the reply once.
      alice.screenshot("webchat-alice");
      bob.screenshot("webchat-bob");
      assertEquals(1, count(alice, "#log li.me", "alice: !ping"));
      assertEquals(1, count(alice, "#log li.bot", "bot: pong"));
      assertEquals(1, count(bob, "#log li.bot", "bot: pong"));
      alice.screenshot("webchat-alice");
      bob.screenshot("webchat-bob");
    }
  }
}
