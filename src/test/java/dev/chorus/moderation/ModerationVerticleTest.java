package dev.chorus.moderation;

import static dev.chorus.moderation.ModerationStageFixture.chat;
import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Addresses;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.ContextKeys.Moderation;
import dev.chorus.event.Envelope;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The moderation stage on the event bus: every action, shadow mode, exemptions, !permit. */
class ModerationVerticleTest {

  private static ModerationStageFixture f;
  private static int users;

  @BeforeAll
  static void start() {
    f = new ModerationStageFixture();
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @BeforeEach
  void defaults() {
    f.settings("{}");
    f.journaled.clear();
  }

  /** A fresh viewer per test, so histories and permits never leak between tests. */
  private static String user() {
    return "u" + (++users);
  }

  private static Moderation verdict(Envelope e) {
    return e.get(ContextKeys.MODERATION).orElseThrow();
  }

  @Test
  void aCleanMessageContinuesWithItsAnalysisAndNothingIsJournaled() {
    Envelope out = f.moderate(chat(user(), "ann", List.of(), "that boss fight was amazing"));
    Moderation m = verdict(out);
    assertEquals("none", m.action());
    assertNull(m.rule());
    assertTrue(m.findings().isEmpty());
    assertFalse(out.isStopped());
    assertEquals(2, out.slip().steps().size(), "command and egress still to run");
    assertEquals("chat", out.get(ContextKeys.ANALYSIS).orElseThrow().intent());
    assertTrue(f.journaled.isEmpty(), f.journaled.toString());
  }

  @Test
  void aLinkIsDeletedTheSlipStopsAndTheDecisionIsJournaled() throws Exception {
    String id = user();
    Envelope in =
        chat(
            id,
            "bea",
            List.of(),
            "check out my stuff at https://example.org/x",
            Instant.now(),
            Map.of("messageId", "tw-msg-7"));
    Envelope out = f.moderate(in);
    Moderation m = verdict(out);
    assertEquals("delete", m.action());
    assertEquals(RuleNames.LINKS, m.rule());
    assertTrue(m.removesMessage());
    assertEquals(id, m.userId());
    assertEquals("tw-msg-7", m.platformMessageId(), "what the platform's delete needs");
    assertTrue(out.isStopped());
    assertEquals(List.of("egress"), out.slip().steps().stream().map(s -> s.stage()).toList());
    Envelope record = awaitRecord();
    assertEquals("system.moderation", record.type());
    assertEquals(in.id(), record.raw().get("eventId"));
    assertEquals(RuleNames.LINKS, record.get(ContextKeys.MODERATION).orElseThrow().rule());
    assertEquals(
        Addresses.KIND_RECORD,
        f.kinds.get(record.id()),
        "logged as a record of its own kind, not as an accepted event");
    Thread.sleep(50);
    assertFalse(
        f.finished.contains(record.id()),
        "a record never enters the journal, so nothing to finish");
  }

  @Test
  void aHiddenLinkEarnsTheDefaultTimeout() {
    Moderation m =
        verdict(f.moderate(chat(user(), "cal", List.of(), "free stuff at sketchy dot com")));
    assertEquals("timeout:60", m.action());
    assertEquals(60, m.timeoutSeconds());
    assertEquals(RuleNames.OBFUSCATED_LINKS, m.rule());
  }

  @Test
  void warnRepliesToTheAuthorByNameAndTheSlipContinues() {
    f.settings("{\"caps\": {\"action\": \"warn\"}}");
    Envelope out =
        f.moderate(chat(user(), "dee", List.of(), "WHY IS NOBODY TALKING ABOUT THIS AMAZING PLAY"));
    assertEquals("warn", verdict(out).action());
    assertFalse(out.isStopped());
    assertEquals(1, out.replies().size());
    assertEquals("@Dee, please ease up on the caps.", out.replies().get(0).text());
    assertEquals("moderation", out.replies().get(0).stage());
  }

  @Test
  void shadowModeReportsTheRuleButActsOnNothing() {
    f.settings("{\"links\": {\"action\": \"none\"}}");
    Envelope out = f.moderate(chat(user(), "eli", List.of(), "see https://example.org"));
    Moderation m = verdict(out);
    assertEquals("none", m.action());
    assertEquals(RuleNames.LINKS, m.rule(), "the shadow rule is named");
    assertEquals(1, m.findings().size());
    assertFalse(out.isStopped());
    assertTrue(out.replies().isEmpty());
    assertEquals(RuleNames.LINKS, awaitRecord().get(ContextKeys.MODERATION).orElseThrow().rule());
  }

  @Test
  void stopKeepsTheMessageButNothingReactsToIt() {
    f.settings("{\"blockedTerms\": {\"action\": \"stop\", \"terms\": [\"spoiler\"]}}");
    Envelope out = f.moderate(chat(user(), "fay", List.of(), "huge SP0ILER incoming"));
    Moderation m = verdict(out);
    assertEquals("stop", m.action());
    assertFalse(m.removesMessage());
    assertTrue(out.isStopped());
    assertEquals("moderation", out.get(ContextKeys.STOPPED).orElseThrow().stage());
  }

  @Test
  void moderatorsAndAboveAreExemptByBadgeOrByLevel() {
    Envelope byBadge =
        f.moderate(chat(user(), "gus", List.of("moderator"), "rules: https://example.org/rules"));
    assertEquals("none", verdict(byBadge).action());
    assertTrue(verdict(byBadge).exempt());
    Envelope byLevel =
        f.moderate(
            chat(user(), "hal", List.of(), "my shop: https://example.org/shop")
                .with(
                    ContextKeys.PERSON,
                    new ContextKeys.Speaker("p1", "Hal", null, null, PermissionLevel.OWNER)));
    assertTrue(verdict(byLevel).exempt());
    assertFalse(byLevel.isStopped());
    Envelope vip =
        f.moderate(chat(user(), "ivy", List.of("vip"), "WOW SO MUCH CAPS IN THIS ONE HERE"));
    assertEquals("delete", verdict(vip).action(), "a vip is not exempt from caps");
    f.settings("{\"exemptLevel\": \"vip\"}");
    Envelope vipNow =
        f.moderate(chat(user(), "ivy", List.of("vip"), "WOW SO MUCH CAPS IN THIS ONE HERE"));
    assertTrue(verdict(vipNow).exempt(), "the community lowered the bar");
  }

  @Test
  void permitLetsOneLinkThroughThenTheRuleAppliesAgain() {
    String bob = user();
    Envelope grant = f.moderate(chat(user(), "mod", List.of("moderator"), "!permit @Bob"));
    assertEquals("@Bob may post one link in the next 60 seconds.", grant.replies().get(0).text());
    assertFalse(grant.isStopped());
    Envelope first = f.moderate(chat(bob, "bob", List.of(), "here: https://example.org/clip"));
    assertEquals("none", verdict(first).action());
    assertTrue(verdict(first).permitUsed());
    Envelope second = f.moderate(chat(bob, "bob", List.of(), "and https://example.org/other"));
    assertEquals("delete", verdict(second).action(), "one link per permit");
  }

  @Test
  void aViewerCannotPermitAndABadPermitGetsUsage() {
    Envelope fake = f.moderate(chat(user(), "kim", List.of(), "!permit @kim"));
    assertTrue(fake.replies().isEmpty(), "a viewer's !permit grants nothing and says nothing");
    assertEquals(
        "delete",
        verdict(f.moderate(chat(user(), "kim", List.of(), "https://example.org/x"))).action());
    Envelope usage = f.moderate(chat(user(), "mod", List.of("moderator"), "!permit"));
    assertEquals("Usage: !permit @user", usage.replies().get(0).text());
    Envelope garbage =
        f.moderate(chat(user(), "mod", List.of("moderator"), "!permit @<script>alert(1)"));
    assertEquals("Usage: !permit @user", garbage.replies().get(0).text());
  }

  @Test
  void theThirdSimilarMessageWithinTheWindowIsDeleted() {
    String id = user();
    Instant t = Instant.now();
    for (int i = 0; i < 2; i++) {
      Envelope ok =
          f.moderate(
              chat(id, "lou", List.of(), "anyone want to play later", t.plusSeconds(i), null));
      assertEquals("none", verdict(ok).action());
    }
    Envelope third =
        f.moderate(
            chat(id, "lou", List.of(), "anyone want to play later??", t.plusSeconds(3), null));
    assertEquals(RuleNames.REPETITION, verdict(third).rule());
    assertEquals("delete", verdict(third).action());
  }

  @Test
  void spamNoRuleNamesIsCaughtByTheDetector() {
    Envelope out =
        f.moderate(
            chat(
                user(),
                "max",
                List.of(),
                "Your content is great but nobody sees it. I can get you 1000 followers in a day"));
    Moderation m = verdict(out);
    assertEquals(RuleNames.SPAM_DETECTOR, m.rule(), m.toString());
    assertEquals("delete", m.action());
    assertTrue(
        m.score() >= ModerationSettings.defaults().detector().solicitingThreshold(),
        "score " + m.score());
  }

  @Test
  void aBrokenStoredSettingFallsBackToTheDefaultsNotToNothing() {
    f.settings("{\"caps\": {\"maxRatio\": 7}}");
    assertEquals(
        "delete",
        verdict(f.moderate(chat(user(), "ned", List.of(), "go to https://example.org"))).action());
  }

  @Test
  void aMalformedPersonEntryIsJudgedByBadgesNotSkipped() {
    Envelope in = chat(user(), "oli", List.of(), "see https://example.org");
    Envelope bad =
        new Envelope(
            in.id(),
            in.v(),
            in.type(),
            in.community(),
            in.platform(),
            in.channel(),
            in.author(),
            in.text(),
            in.raw(),
            Map.of("person", Map.of("level", "emperor")),
            in.replies(),
            in.slip(),
            in.trace(),
            in.receivedAt(),
            in.origin());
    assertEquals("delete", verdict(f.moderate(bad)).action());
  }

  @Test
  void otherEventsAndAuthorlessMessagesPassUnchanged() {
    Envelope raid =
        new Envelope(
            "0190b6e2-5c3a-7000-8000-00000000aa01",
            1,
            "stream.raid",
            ModerationStageFixture.COMMUNITY,
            "twitch",
            new dev.chorus.event.Channel("c-1", "marrow"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Instant.now(),
            null);
    assertEquals(raid, f.moderate(raid));
    assertTrue(f.moderate(raid).get(ContextKeys.MODERATION).isEmpty());
  }

  @Test
  void theCheckAddressJudgesATextWithoutActing() {
    JsonObject answer =
        await(
                f.vertx
                    .eventBus()
                    .<JsonObject>request(
                        Addresses.MODERATION_CHECK,
                        new JsonObject()
                            .put("community", ModerationStageFixture.COMMUNITY)
                            .put("platform", "twitch")
                            .put("text", "where can i buy followers cheap")))
            .body();
    assertEquals(RuleNames.BLOCKED_TERMS, answer.getString("rule"));
    assertEquals("delete", answer.getString("action"));
    for (Object garbage :
        List.of(
            new JsonObject().put("x", 1),
            new JsonObject().put("community", 5).put("text", "hi"),
            new JsonObject().put("community", "c").put("text", List.of()),
            "not json")) {
      Throwable bad = awaitFailure(f.vertx.eventBus().request(Addresses.MODERATION_CHECK, garbage));
      assertEquals(Addresses.FAILURE_INVALID, ((ReplyException) bad).failureCode());
    }
    assertTrue(f.journaled.isEmpty(), "a check records nothing");
  }

  private static Envelope awaitRecord() {
    for (int i = 0; i < 200 && f.journaled.isEmpty(); i++) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    assertFalse(f.journaled.isEmpty(), "a record was journaled");
    Envelope record = f.journaled.get(0);
    assertSame(record, f.journaled.get(0));
    return record;
  }
}
