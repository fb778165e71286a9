package dev.chorus.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.Chorus;
import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in headless Chromium: sign-in, live events, overlay token, pipeline charts, and the
 * screens over the admin API (a command added there answers in the web chat; quotes and facts show
 * what the API holds; refusals show the API's reason).
 */
class DashboardBrowserTest {

  @TempDir static Path dataDir;
  static Chorus chorus;
  static Vertx client;
  static AdminClient admin;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Browser.available(), "chromium and chromedriver are needed: see scripts/test");
    chorus = TestChorus.start(dataDir);
    client = Vertx.vertx();
    admin = new AdminClient(client, chorus.httpPort());
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
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

  @Test
  void aCommandAddedInTheDashboardAnswersInTheWebChat() throws Exception {
    String community = "bchat"; // seeded (TestChorus.COMMUNITIES)
    try (Browser moderator = Browser.open();
        Browser viewer = Browser.open()) {
      signIn(moderator, community, TestChorus.ADMIN_KEY);
      moderator.await(
          d -> "ready".equals(d.findElement(By.tagName("body")).getDomAttribute("data-state")));
      // A built-in name is refused, and the page says why (the API's status, code and message).
      moderator.type("command-name", "ping");
      moderator.type("command-response", "not mine");
      moderator.click("#command-form button[type=submit]");
      WebElement refused = moderator.await(d -> moderator.find("#commands-note.error", "409"));
      assertTrue(refused.getText().startsWith("refused (409 "), refused.getText());
      // A command name with a space: the API's 400 and its reason.
      moderator.type("command-name", "two words");
      moderator.click("#command-form button[type=submit]");
      moderator.await(d -> moderator.find("#commands-note.error", "400"));
      moderator.type("command-name", "!Discord");
      moderator.type("command-response", "Join our Discord, ${user}!");
      moderator.click("#command-form button[type=submit]");
      WebElement row =
          moderator.await(d -> moderator.find("#command-rows tr[data-name=discord]", "!discord"));
      assertTrue(row.getText().contains("Join our Discord, ${user}!"), row.getText());
      moderator.await(d -> moderator.find("#commands-note.ok", "!discord saved"));
      // The API holds what the page showed.
      JsonObject stored =
          admin.expect(
              200, HttpMethod.GET, "/api/v1/communities/" + community + "/commands/discord", null);
      assertEquals("Join our Discord, ${user}!", stored.getString("response"));
      moderator.screenshot("dashboard-command-added");

      viewer.get(
          "http://127.0.0.1:"
              + chorus.httpPort()
              + "/?community="
              + community
              + "&channel=main&name=dora");
      viewer.await(d -> d.findElement(By.id("status")).getText().startsWith("in " + community));
      WebElement input = viewer.driver().findElement(By.id("text"));
      input.sendKeys("!discord");
      input.sendKeys(Keys.ENTER);
      assertNotNull(viewer.await(d -> viewer.find("#log li.bot", "Join our Discord, dora!")));
      viewer.screenshot("webchat-dashboard-command");
      // The moderator's live stream shows the line and the answer too.
      assertNotNull(
          moderator.await(d -> moderator.find("#events li", "bot: Join our Discord, dora!")));
    }
  }

  @Test
  void theQuotesAndKnowledgeScreensShowWhatTheApiHoldsAndReviewFacts() throws Exception {
    String community = "bdash"; // seeded (TestChorus.COMMUNITIES)
    String base = "/api/v1/communities/" + community;
    long number =
        admin
            .expect(
                201,
                HttpMethod.POST,
                base + "/quotes",
                new JsonObject().put("text", "We ride at dawn").put("addedBy", "erin"))
            .getLong("number");
    JsonObject fact =
        admin.expect(
            201,
            HttpMethod.POST,
            base + "/knowledge/facts",
            new JsonObject().put("text", "The stream starts at 8pm CET").put("status", "pending"));
    String factId = fact.getString("id");
    try (Browser browser = Browser.open()) {
      signIn(browser, community, TestChorus.ADMIN_KEY);
      WebElement quote =
          browser.await(
              d -> browser.find("#quote-rows tr[data-number='" + number + "']", "We ride at dawn"));
      assertTrue(quote.getText().contains("erin"), quote.getText());
      // A quote added on the page is in the API under the next number.
      browser.type("quote-text", "Never again");
      browser.click("#quote-form button[type=submit]");
      browser.await(d -> browser.find("#quote-rows tr", "Never again"));
      JsonObject next = admin.expect(200, HttpMethod.GET, base + "/quotes/" + (number + 1), null);
      assertEquals("Never again", next.getString("text"));
      // The pending fact waits for review; approving it on the page approves it in the API.
      WebElement pending =
          browser.await(
              d ->
                  browser.find(
                      "#fact-rows tr[data-id='" + factId + "']", "The stream starts at 8pm CET"));
      assertTrue(pending.getText().contains("pending"), pending.getText());
      browser.screenshot("dashboard-knowledge-pending");
      pending.findElement(By.xpath(".//button[text()='approve']")).click();
      browser.await(d -> browser.find("#knowledge-note.ok", "fact approved"));
      browser.await(
          d -> d.findElements(By.cssSelector("#fact-rows tr[data-id='" + factId + "']")).isEmpty());
      assertEquals(
          "approved",
          admin
              .expect(200, HttpMethod.GET, base + "/knowledge/facts/" + factId, null)
              .getString("status"));
      // A page that shows a fact another moderator reviewed meanwhile: the API's 409 is shown and
      // the other review stands.
      String otherId =
          admin
              .expect(
                  201,
                  HttpMethod.POST,
                  base + "/knowledge/facts",
                  new JsonObject().put("text", "Mods are volunteers").put("status", "pending"))
              .getString("id");
      browser.click("#facts-filter button[type=submit]");
      WebElement other =
          browser.await(
              d -> browser.find("#fact-rows tr[data-id='" + otherId + "']", "volunteers"));
      assertNull(browser.find("#knowledge-note.error", ""));
      admin.expect(
          200,
          HttpMethod.PATCH,
          base + "/knowledge/facts/" + otherId,
          new JsonObject().put("status", "approved"));
      other.findElement(By.xpath(".//button[text()='reject']")).click();
      WebElement stale = browser.await(d -> browser.find("#knowledge-note.error", "409"));
      assertTrue(stale.getText().startsWith("refused (409 not_pending): "), stale.getText());
      assertEquals(
          "approved",
          admin
              .expect(200, HttpMethod.GET, base + "/knowledge/facts/" + otherId, null)
              .getString("status"));
      browser.screenshot("dashboard-quotes-knowledge");
    }
  }

  @Test
  void timersCountersModerationAndPeopleScreensUseTheApiAndShowItsRefusals() throws Exception {
    String community = "bdash"; // seeded (TestChorus.COMMUNITIES)
    String base = "/api/v1/communities/" + community;
    try (ChatClient chat = ChatClient.connect(client, chorus.httpPort())) {
      chat.send(ChatClient.message(community, "frank", "hello there"));
      assertEquals("ack", chat.next("ack").getString("type"));
    }
    try (Browser browser = Browser.open()) {
      signIn(browser, community, TestChorus.ADMIN_KEY);
      // Timers: saved on the page, held by the API.
      browser.type("timer-name", "socials");
      browser.type("timer-message", "Follow us everywhere");
      browser.type("timer-interval", "900");
      browser.click("#timer-form button[type=submit]");
      browser.await(d -> browser.find("#timer-rows tr[data-name=socials]", "Follow us everywhere"));
      JsonObject timers = admin.expect(200, HttpMethod.GET, base + "/timers", null);
      JsonObject timer = timers.getJsonArray("items").getJsonObject(0);
      assertEquals("socials", timer.getString("name"));
      assertEquals(900, timer.getInteger("intervalSeconds"));
      // Counters: the API's value shows; +1 on the page is +1 in the API.
      admin.expect(
          200, HttpMethod.PUT, base + "/counters/deaths", new JsonObject().put("value", 41));
      browser.type("counter-name", "deaths");
      browser.click("#counter-form button[type=submit]");
      WebElement counter =
          browser.await(d -> browser.find("#counter-rows tr[data-name=deaths]", "41"));
      counter.findElement(By.xpath(".//button[text()='+1']")).click();
      browser.await(d -> browser.find("#counter-rows tr[data-name=deaths]", "42"));
      assertEquals(
          42,
          admin.expect(200, HttpMethod.GET, base + "/counters/deaths", null).getInteger("value"));
      // Moderation: text that is not JSON is refused on the page, an unknown key by the API.
      WebElement settings = browser.await(d -> d.findElement(By.id("moderation-settings")));
      browser.await(d -> settings.getDomProperty("value").startsWith("{"));
      settings.clear();
      settings.sendKeys("{not json");
      browser.click("#moderation-form button[type=submit]");
      browser.await(d -> browser.find("#moderation-note.error", "not valid JSON"));
      settings.clear();
      settings.sendKeys("{\"noSuchRule\": true}");
      browser.click("#moderation-form button[type=submit]");
      WebElement refused = browser.await(d -> browser.find("#moderation-note.error", "400"));
      assertTrue(
          refused.getText().startsWith("refused (400 invalid_settings): "), refused.getText());
      assertTrue(refused.getText().contains("noSuchRule"), refused.getText());
      browser.type("check-text", "hello everyone");
      browser.click("#check-form button[type=submit]");
      browser.await(d -> browser.find("#check-result", "none"));
      // People: an unknown account is the API's 404; a known one shows the person it holds.
      browser.type("person-key", "nobody-here");
      browser.click("#person-form button[type=submit]");
      browser.await(d -> browser.find("#people-note.error", "404"));
      JsonObject frank =
          admin.expect(200, HttpMethod.GET, base + "/people?platform=web&userId=frank", null);
      browser.type("person-key", "frank");
      browser.click("#person-form button[type=submit]");
      WebElement person = browser.await(d -> browser.find("#person-fields", frank.getString("id")));
      assertTrue(person.getText().contains(frank.getString("displayName")), person.getText());
      assertNull(browser.find("#people-note.error", ""), "the error is gone");
      browser.screenshot("dashboard-timers-counters-moderation-people");
    }
  }
}
