package dev.chorus.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.IngestClient;
import dev.chorus.collector.IngestOutcome;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.ops.Chorus;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.OverlayClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The OBS overlay pages in headless Chromium, fed through the real pipeline. */
class OverlayBrowserTest {

  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Browser.available(), "chromium and chromedriver are needed: see scripts/test");
    chorus = TestChorus.start(dataDir, Map.of());
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

  /** A fresh community, created through the admin API (events of unknown ones are refused). */
  static String community() throws Exception {
    String community = "o" + UUID.randomUUID().toString().substring(0, 8);
    var response =
        WebClient.create(client)
            .post(chorus.httpPort(), "127.0.0.1", "/api/v1/communities")
            .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
            .sendJsonObject(new io.vertx.core.json.JsonObject().put("id", community))
            .await(10, TimeUnit.SECONDS);
    assertEquals(201, response.statusCode(), response.bodyAsString());
    return community;
  }

  static String token(String community) throws Exception {
    var response =
        WebClient.create(client)
            .post(
                chorus.httpPort(),
                "127.0.0.1",
                "/api/v1/communities/" + community + "/overlay/token")
            .bearerTokenAuthentication(TestChorus.ADMIN_KEY)
            .send()
            .await(10, TimeUnit.SECONDS);
    assertEquals(201, response.statusCode());
    return response.bodyAsJsonObject().getString("token");
  }

  String url(String community, String page, String token, String options) {
    return "http://127.0.0.1:"
        + chorus.httpPort()
        + "/overlay/"
        + community
        + "/"
        + page
        + "?token="
        + token
        + options;
  }

  static void live(Browser browser) {
    browser.await(
        d -> "live".equals(d.findElement(By.tagName("body")).getDomAttribute("data-state")));
  }

  static void say(ChatClient chat, String community, String text) throws Exception {
    chat.send(ChatClient.message(community, "alice", text));
    assertEquals("ack", chat.next("ack").getString("type"));
  }

  static WebElement line(Browser browser, String text) {
    return browser.find("#lines .line", text);
  }

  @Test
  void theChatOverlayShowsALineSentThroughTheWebChatWithinASecond() throws Exception {
    String community = community();
    String token = token(community);
    try (Browser obs = Browser.open();
        ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      obs.get(url(community, "chat", token, "&fade=0&theme=dark&size=28"));
      live(obs);
      say(chat, community, "warming up");
      obs.await(d -> line(obs, "warming up"));
      chat.send(ChatClient.message(community, "alice", "hello overlay"));
      long sent = System.nanoTime();
      WebElement shown = obs.await(Duration.ofSeconds(1), d -> line(obs, "hello overlay"));
      long millis = (System.nanoTime() - sent) / 1_000_000;
      assertNotNull(shown, "shown after " + millis + " ms");
      assertTrue(shown.getText().contains("alice"), shown.getText());
      obs.screenshot("overlay-chat");
    }
  }

  @Test
  void theAlertsOverlayShowsARaid() throws Exception {
    String community = community();
    String token = token(community);
    try (Browser obs = Browser.open()) {
      obs.get(url(community, "alerts", token, "&fade=30"));
      live(obs);
      Envelope raid =
          Envelope.accepted(
                  EventType.STREAM_RAID,
                  community,
                  "twitch",
                  new Channel("4711", community),
                  new Author("9001", "raider", "BigRaider", List.of()),
                  null,
                  Instant.now(),
                  "browser-test")
              .withRaw(Map.of("viewers", 42, "direction", "in"));
      IngestOutcome outcome =
          new IngestClient(chorus.vertx(), chorus.metrics())
              .ingest(raid)
              .await(10, TimeUnit.SECONDS);
      assertEquals(IngestOutcome.ACCEPTED, outcome);
      WebElement alert =
          obs.await(
              d -> {
                WebElement box = d.findElement(By.id("alert"));
                return box.isDisplayed() ? box : null;
              });
      assertEquals("stream.raid", alert.getDomAttribute("data-type"));
      assertTrue(alert.getText().contains("BigRaider is raiding!"), alert.getText());
      assertTrue(alert.getText().contains("42 viewers"), alert.getText());
      obs.screenshot("overlay-alerts-raid");
    }
  }

  @Test
  void anOverlayClosedAndReopenedShowsWhatWasSentMeanwhile() throws Exception {
    String community = community();
    String token = token(community);
    String page = url(community, "chat", token, "&fade=0");
    try (Browser obs = Browser.open();
        ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      obs.get(page);
      live(obs);
      say(chat, community, "before the reload");
      obs.await(d -> line(obs, "before the reload"));
      // OBS reloads the source: the page goes away, lines are sent, the page comes back.
      obs.get("about:blank");
      say(chat, community, "missed one");
      say(chat, community, "missed two");
      // Both slips finished (the feed has the frames) before the page comes back.
      try (OverlayClient probe =
          OverlayClient.open(
              client.createWebSocketClient(), chorus.httpPort(), community, token, 0)) {
        while (!"missed two".equals(probe.next().getString("text"))) {
          // the replay, then live frames, until the second missed line
        }
      }
      obs.get(page);
      obs.await(d -> line(obs, "missed two"));
      assertNotNull(line(obs, "missed one"));
      assertNull(line(obs, "before the reload"), "only what it missed is replayed");
      List<WebElement> lines = obs.driver().findElements(By.cssSelector("#lines .line"));
      assertTrue(lines.get(0).getText().contains("missed one"), lines.get(0).getText());
      obs.screenshot("overlay-chat-replayed");
    }
  }
}
