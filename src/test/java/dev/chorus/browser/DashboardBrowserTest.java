package dev.chorus.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.Chorus;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The dashboard in headless Chromium: sign-in, live events, overlay token, pipeline charts. */
class DashboardBrowserTest {

  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Browser.available(), "chromium and chromedriver are needed: see scripts/test");
    chorus = TestChorus.start(dataDir);
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close().await();
    }
    if (chorus != null) {
      chorus.stop().await();
    }
  }

  static void signIn(Browser browser, String community, String key) {
    browser.get("http://127.0.0.1:" + chorus.httpPort() + "/dashboard");
    var field = browser.driver().findElement(By.id("in-community"));
    field.clear();
    field.sendKeys(community);
    browser.driver().findElement(By.id("in-key")).sendKeys(key);
    browser.driver().findElement(By.cssSelector("#signin-form button")).click();
  }

  @Test
  void aWrongKeyIsRefused() throws Exception {
    try (Browser browser = Browser.open()) {
      signIn(browser, "demo", "not-the-admin-key-at-all");
      browser.await(
          d -> d.findElement(By.id("signin-error")).getText().contains("wrong admin key"));
      browser.screenshot("dashboard-wrong-key");
    }
  }

  @Test
  void theOwnerSeesLiveEventsThePipelineAndCanRotateTheOverlayToken() throws Exception {
    String community = "bdash"; // seeded (TestChorus.COMMUNITIES): this class has its own process
    try (Browser browser = Browser.open();
        ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      signIn(browser, community, TestChorus.ADMIN_KEY);
      browser.await(d -> "live".equals(d.findElement(By.id("live-state")).getText()));
      chat.send(ChatClient.message(community, "carol", "!ping"));
      WebElement line = browser.await(d -> browser.find("#events li", "carol: !ping"));
      assertEquals("chat.message", line.getDomAttribute("data-type"));
      assertNotNull(browser.await(d -> browser.find("#events li", "bot: pong")));
      // Pipeline rows appear once two samples of /metrics were taken.
      browser.await(d -> browser.find("#stage-rows tr", "command"));
      browser.driver().findElement(By.id("rotate")).click();
      browser.driver().switchTo().alert().accept();
      WebElement token = browser.await(d -> browser.find("#token-new", "New token"));
      assertTrue(
          token.getText().matches("(?s).*shown once\\): [A-Za-z0-9_-]{43}.*"), token.getText());
      browser.await(d -> browser.find("#token-status", "a token is set"));
      browser.screenshot("dashboard");
    }
  }
}
