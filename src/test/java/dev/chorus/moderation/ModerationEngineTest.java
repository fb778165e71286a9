package dev.chorus.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.PermissionLevel;
import dev.chorus.moderation.history.ChannelHistory;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModerationEngineTest {

  static final Instant NOW = Instant.parse("2026-11-23T20:00:00Z");

  private final ModerationEngine defaults = new ModerationEngine(ModerationSettings.defaults());

  static ModerationEngine engine(String json) {
    return new ModerationEngine(ModerationSettingsJson.read(json));
  }

  static ModerationInput viewer(String text) {
    return ModerationInput.of("viewer-1", text, NOW);
  }

  private ModerationDecision judge(String text) {
    return defaults.evaluate(viewer(text), ChannelHistory.EMPTY);
  }

  @Test
  void ordinaryChatIsAllowed() {
    for (String text : List.of("hi chat", "LETS GOOOOOOOOO", "gg wp", "what game is this?", "")) {
      ModerationDecision d = judge(text);
      assertEquals(ModerationAction.NONE, d.action(), text);
      assertTrue(d.clean(), text);
    }
  }

  @Test
  void eachRuleFiresWithItsDefaultAction() {
    assertRule("links", "delete", judge("go to bigfollows.com"));
    assertRule("obfuscated_links", "timeout:60", judge("go to bigfollows dot com"));
    assertRule("caps", "delete", judge("WHY IS NOBODY LISTENING TO ME IN THIS CHAT"));
    assertRule("symbols", "delete", judge("▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓▓"));
    assertRule("symbols", "delete", judge("wow" + "!".repeat(30)));
    assertRule("emotes", "delete", judge("🔥".repeat(16)));
    assertRule("length", "delete", judge("a".repeat(401)));
    assertRule("blocked_terms", "delete", judge("where can I buy followers"));
  }

  @Test
  void emotesCountFromTheCallersEmoteNames() {
    String wall = String.join(" ", Collections.nCopies(16, "Kappa"));
    assertTrue(judge(wall).clean(), "without emote names, Kappa is a word");
    ModerationDecision d =
        defaults.evaluate(viewer(wall).withEmotes(List.of("Kappa")), ChannelHistory.EMPTY);
    assertRule("emotes", "delete", d);
  }

  @Test
  void emoteNamesAreNotShouting() {
    String text = "KEKW KEKW KEKW OMEGALUL OMEGALUL LUL";
    ModerationInput input = viewer(text).withEmotes(List.of("KEKW", "OMEGALUL", "LUL"));
    assertTrue(defaults.evaluate(input, ChannelHistory.EMPTY).clean());
  }

  @Test
  void capsNeedsItsMinimumLengthAndStretchedLettersCountOnce() {
    assertTrue(judge("NO WAY").clean());
    assertTrue(judge("LETS GOOOOOOOOOOOOOOOOOOOOOOOOOOO WE DID IT").clean());
  }

  @Test
  void everyActionIsConfigurable() {
    String text = "WHY IS NOBODY LISTENING TO ME IN THIS CHAT";
    for (String action : List.of("warn", "stop", "delete", "timeout:300")) {
      ModerationEngine e = engine("{\"caps\":{\"action\":\"" + action + "\"}}");
      assertRule("caps", action, e.evaluate(viewer(text), ChannelHistory.EMPTY));
    }
    ModerationAction stop = ModerationAction.STOP;
    assertTrue(stop.stopsSlip() && !stop.removesMessage());
    assertTrue(ModerationAction.WARN.compareTo(stop) < 0);
  }

  @Test
  void shadowRuleIsReportedButDoesNothing() {
    ModerationEngine e = engine("{\"caps\":{\"action\":\"none\"}}");
    ModerationDecision d =
        e.evaluate(viewer("WHY IS NOBODY LISTENING TO ME IN THIS CHAT"), ChannelHistory.EMPTY);
    assertEquals(ModerationAction.NONE, d.action());
    assertEquals("caps", d.rule());
    assertFalse(d.clean());
  }

  @Test
  void aDisabledRuleIsNotReported() {
    ModerationEngine e = engine("{\"caps\":{\"enabled\":false}}");
    assertTrue(
        e.evaluate(viewer("WHY IS NOBODY LISTENING TO ME IN THIS CHAT"), ChannelHistory.EMPTY)
            .clean());
  }

  @Test
  void theStrongestActionWinsAndAllFindingsAreKept() {
    // Caps (delete) and a hidden link (timeout) in one message.
    ModerationDecision d = judge("CHEAP FOLLOWERS AND VIEWERS AT GROWFAST DOT NET RIGHT NOW");
    assertRule("obfuscated_links", "timeout:60", d);
    List<String> rules = d.findings().stream().map(ModerationDecision.Finding::rule).toList();
    assertTrue(rules.containsAll(List.of("obfuscated_links", "caps", "blocked_terms")), "" + rules);
  }

  @Test
  void tiesGoToTheHigherScoreThenToTheRuleOrder() {
    // Links and blocked terms both delete with score 1: blocked terms is checked first.
    ModerationDecision d = judge("buy followers at bigfollows.com");
    assertRule("blocked_terms", "delete", d);
    // Two timeouts: the longer one wins whatever the order.
    ModerationEngine e = engine("{\"caps\":{\"action\":\"timeout:600\"}}");
    ModerationDecision longer =
        e.evaluate(viewer("GO TO BIGFOLLOWS DOT COM RIGHT NOW FRIENDS"), ChannelHistory.EMPTY);
    assertRule("caps", "timeout:600", longer);
  }

  @Test
  void permitLetsOneLinkThroughWithinItsWindowOnly() {
    ModerationInput within = viewer("my clip bigfollows.com").withPermitUntil(NOW.plusSeconds(30));
    ModerationDecision allowed = defaults.evaluate(within, ChannelHistory.EMPTY);
    assertTrue(allowed.clean());
    assertTrue(allowed.permitUsed(), "the stage must consume the permit");

    ModerationInput after = viewer("my clip bigfollows.com").withPermitUntil(NOW.minusSeconds(1));
    ModerationDecision refused = defaults.evaluate(after, ChannelHistory.EMPTY);
    assertRule("links", "delete", refused);
    assertFalse(refused.permitUsed());
  }

  @Test
  void aPermitIsNotUsedUpByAMessageWithoutLinks() {
    ModerationInput input = viewer("thanks for the permit").withPermitUntil(NOW.plusSeconds(30));
    assertFalse(defaults.evaluate(input, ChannelHistory.EMPTY).permitUsed());
  }

  @Test
  void allowListedDomainsAndTheirSubdomainsPass() {
    assertTrue(judge("https://clips.twitch.tv/SomeClip").clean());
    assertTrue(judge("youtu.be/abc").clean());
    assertRule("links", "delete", judge("https://twitch.tv.evil.io/login"));
  }

  @Test
  void moderatorsAndAboveAreExemptViewersAreNot() {
    String spam = "buy followers at bigfollows dot com";
    for (PermissionLevel level : List.of(PermissionLevel.MODERATOR, PermissionLevel.OWNER)) {
      ModerationInput input = viewer(spam).withLevel(level);
      assertTrue(defaults.evaluate(input, ChannelHistory.EMPTY, 1.0).clean(), level.name());
      assertFalse(defaults.wantsDetector(input));
    }
    ModerationInput asViewer = viewer(spam).withLevel(PermissionLevel.VIEWER);
    assertFalse(defaults.evaluate(asViewer, ChannelHistory.EMPTY).clean());
    assertTrue(defaults.wantsDetector(asViewer));
  }

  @Test
  void theExemptLevelIsASetting() {
    ModerationEngine e = engine("{\"exemptLevel\":\"subscriber\"}");
    ModerationInput sub = viewer("buy followers").withLevel(PermissionLevel.SUBSCRIBER);
    assertTrue(e.evaluate(sub, ChannelHistory.EMPTY).clean());
  }

  @Test
  void vipsMayPostLinksButStillHitOtherRules() {
    ModerationInput vip = viewer("bigfollows.com buy followers").withLevel(PermissionLevel.VIP);
    ModerationDecision d = defaults.evaluate(vip, ChannelHistory.EMPTY);
    assertRule("blocked_terms", "delete", d);
    assertEquals(1, d.findings().size());
  }

  @Test
  void permissionLevelsComeFromPlatformRoles() {
    assertEquals(PermissionLevel.OWNER, PermissionLevel.fromRoles(List.of("broadcaster")));
    assertEquals(PermissionLevel.MODERATOR, PermissionLevel.fromRoles(List.of("vip", "moderator")));
    assertEquals(PermissionLevel.VIEWER, PermissionLevel.fromRoles(List.of()));
  }

  static void assertRule(String rule, String action, ModerationDecision decision) {
    assertEquals(rule, decision.rule(), "rule of " + decision);
    assertEquals(action, decision.action().wire(), "action of " + decision);
  }

  @Test
  void anAllowedMessageNamesNoRule() {
    assertNull(judge("hello").rule());
  }
}
