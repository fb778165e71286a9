package dev.chorus.collector.twitch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.twitch.irc.IrcParser;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwitchIrcNormalizerTest {

  static final Instant NOW = Instant.parse("2026-11-23T18:00:00Z");

  final TwitchIrcNormalizer normalizer =
      new TwitchIrcNormalizer(
          (roomId, login) -> "1337".equals(roomId) || "ronni".equals(login) ? "demo" : null,
          "irc-1");

  TwitchIrcNormalizer.Result normalize(String line) {
    return normalizer.normalize(IrcParser.parse(line), NOW);
  }

  Envelope accepted(String line) {
    return assertInstanceOf(TwitchIrcNormalizer.Accepted.class, normalize(line)).envelope();
  }

  @Test
  void privmsgBecomesAChatMessage() {
    Envelope e =
        accepted(
            "@badge-info=subscriber/8;badges=broadcaster/1,subscriber/6;color=#0000FF;"
                + "display-name=Ronni;emotes=;first-msg=1;flags=;"
                + "id=b34ccfc7-4977-403a-8a94-33c6bac34fb8;mod=0;room-id=1337;subscriber=1;"
                + "tmi-sent-ts=1507246572675;turbo=1;user-id=1337;user-type="
                + " :ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #ronni :Kappa Keepo Kappa");
    assertEquals(EventType.CHAT_MESSAGE, e.type());
    assertEquals("demo", e.community());
    assertEquals("twitch", e.platform());
    assertEquals("1337", e.channel().id());
    assertEquals("ronni", e.channel().name());
    assertEquals("1337", e.author().id());
    assertEquals("ronni", e.author().login());
    assertEquals("Ronni", e.author().displayName());
    assertEquals(List.of("broadcaster", "subscriber"), e.author().roles());
    assertEquals("Kappa Keepo Kappa", e.text());
    assertEquals("#0000FF", e.raw().get("color"));
    assertEquals(true, e.raw().get("firstMessage"));
    assertEquals("irc-1", e.origin());
    assertEquals(NOW, e.receivedAt());
    assertEquals(
        Ids.forPlatformMessage(
            "twitch",
            "demo",
            "b34ccfc7-4977-403a-8a94-33c6bac34fb8",
            Instant.ofEpochMilli(1507246572675L)),
        e.id());
    assertEquals(1507246572675L, Ids.timestampOf(e.id()));
  }

  @Test
  void actionAndEscapedDisplayNameAndHiddenModBadge() {
    Envelope e =
        accepted(
            "@badges=founder/0;display-name=Alice\\sB;id=1;mod=1;room-id=1337;"
                + "tmi-sent-ts=1700000000000;user-id=42 :alice!alice@alice.tmi.twitch.tv"
                + " PRIVMSG #ronni :\u0001ACTION waves\u0001");
    assertEquals("waves", e.text());
    assertEquals(true, e.raw().get("action"));
    assertEquals("Alice B", e.author().displayName());
    assertEquals(List.of("founder", "subscriber", "moderator"), e.author().roles());
  }

  @Test
  void bitsMakeACheer() {
    Envelope e =
        accepted(
            "@badges=;bits=100;display-name=Bob;id=c1;room-id=1337;tmi-sent-ts=1700000000001;"
                + "user-id=77 :bob!bob@bob.tmi.twitch.tv PRIVMSG #ronni :cheer100 great stream");
    assertEquals(EventType.STREAM_CHEER, e.type());
    assertEquals(100, e.raw().get("bits"));
    assertEquals("cheer100 great stream", e.text());
  }

  @Test
  void resubAndGiftsAndRaid() {
    Envelope resub =
        accepted(
            "@badges=staff/1,broadcaster/1;display-name=ronni;id=db25007f-7a18-43eb-9379-80131e44d633;"
                + "login=ronni;msg-id=resub;msg-param-cumulative-months=6;"
                + "msg-param-should-share-streak=1;msg-param-streak-months=2;msg-param-sub-plan=Prime;"
                + "msg-param-sub-plan-name=Prime;room-id=1337;"
                + "system-msg=ronni\\shas\\ssubscribed\\sfor\\s6\\smonths!;tmi-sent-ts=1507246572675;"
                + "user-id=1337 :tmi.twitch.tv USERNOTICE #ronni :Great stream -- keep it up!");
    assertEquals(EventType.STREAM_SUBSCRIPTION, resub.type());
    assertEquals("resub", resub.raw().get("kind"));
    assertEquals("Prime", resub.raw().get("tier"));
    assertEquals(6, resub.raw().get("months"));
    assertEquals(2, resub.raw().get("streakMonths"));
    assertEquals("ronni has subscribed for 6 months!", resub.raw().get("systemMessage"));
    assertEquals("Great stream -- keep it up!", resub.text());
    assertEquals("ronni", resub.author().login());

    Envelope gift =
        accepted(
            "@badges=;display-name=TWW2;id=e9176cd8-5e22-4684-ad40-ce53c2561c5e;login=tww2;"
                + "msg-id=subgift;msg-param-months=1;msg-param-recipient-display-name=Mr_Woodchuck;"
                + "msg-param-recipient-id=55554444;msg-param-recipient-user-name=mr_woodchuck;"
                + "msg-param-sub-plan=1000;room-id=1337;tmi-sent-ts=1521159445153;user-id=13405587"
                + " :tmi.twitch.tv USERNOTICE #ronni");
    assertEquals("subgift", gift.raw().get("kind"));
    assertEquals(
        Map.of("id", "55554444", "login", "mr_woodchuck", "displayName", "Mr_Woodchuck"),
        gift.raw().get("recipient"));
    assertNull(gift.text());

    Envelope bomb =
        accepted(
            "@display-name=AnAnonymousGifter;id=f1;login=ananonymousgifter;msg-id=submysterygift;"
                + "msg-param-mass-gift-count=5;msg-param-sub-plan=2000;room-id=1337;"
                + "tmi-sent-ts=1521159445154;user-id=274598607 :tmi.twitch.tv USERNOTICE #ronni");
    assertEquals(5, bomb.raw().get("count"));
    assertEquals(true, bomb.raw().get("anonymous"));
    assertNull(bomb.author());

    Envelope raid =
        accepted(
            "@display-name=TestChannel;id=3d830f12-795c-447d-af3c-ea05e40fbddb;login=testchannel;"
                + "msg-id=raid;msg-param-displayName=TestChannel;msg-param-login=testchannel;"
                + "msg-param-viewerCount=15;room-id=1337;tmi-sent-ts=1507246572675;user-id=123456"
                + " :tmi.twitch.tv USERNOTICE #ronni");
    assertEquals(EventType.STREAM_RAID, raid.type());
    assertEquals(15, raid.raw().get("viewers"));
    assertEquals("123456", raid.author().id());
  }

  @Test
  void otherUserNoticesAreIgnored() {
    assertInstanceOf(
        TwitchIrcNormalizer.Ignored.class,
        normalize(
            "@id=1;login=a;msg-id=announcement;room-id=1337;tmi-sent-ts=1;user-id=2"
                + " :tmi.twitch.tv USERNOTICE #ronni :hello"));
  }

  @Test
  void clearchatAndClearmsgAreModerationEvents() {
    Envelope timeout =
        accepted(
            "@ban-duration=350;room-id=1337;target-user-id=87654321;tmi-sent-ts=1642719320727"
                + " :tmi.twitch.tv CLEARCHAT #ronni :ronni2");
    assertEquals(TwitchIrcNormalizer.MODERATION_CLEAR, timeout.type());
    assertEquals("timeout", timeout.raw().get("action"));
    assertEquals(350, timeout.raw().get("durationSeconds"));
    assertEquals(
        timeout.id(),
        accepted(
                "@ban-duration=350;room-id=1337;target-user-id=87654321;tmi-sent-ts=1642719320727"
                    + " :tmi.twitch.tv CLEARCHAT #ronni :ronni2")
            .id());

    Envelope clear =
        accepted("@room-id=1337;tmi-sent-ts=1642715695392 :tmi.twitch.tv CLEARCHAT #ronni");
    assertEquals("clear", clear.raw().get("action"));

    Envelope delete =
        accepted(
            "@login=foo;room-id=1337;target-msg-id=94e6c7ff-bf98-4faa-af5d-7ad633a158a9;"
                + "tmi-sent-ts=1642720582342 :tmi.twitch.tv CLEARMSG #ronni :bad words");
    assertEquals(TwitchIrcNormalizer.MODERATION_DELETE, delete.type());
    assertEquals("94e6c7ff-bf98-4faa-af5d-7ad633a158a9", delete.raw().get("targetMessageId"));
  }

  @Test
  void controlLines() {
    assertEquals(
        new TwitchControl.Ping("tmi.twitch.tv"),
        assertInstanceOf(TwitchIrcNormalizer.Control.class, normalize("PING :tmi.twitch.tv"))
            .control());
    assertInstanceOf(
        TwitchControl.Reconnect.class,
        ((TwitchIrcNormalizer.Control) normalize(":tmi.twitch.tv RECONNECT")).control());
    TwitchControl.RoomState state =
        (TwitchControl.RoomState)
            ((TwitchIrcNormalizer.Control)
                    normalize(
                        "@emote-only=0;followers-only=-1;r9k=0;room-id=1337;slow=10;subs-only=0"
                            + " :tmi.twitch.tv ROOMSTATE #ronni"))
                .control();
    assertEquals("1337", state.roomId());
    assertEquals("10", state.modes().get("slow"));
    assertEquals(5, state.modes().size());
    TwitchControl.Notice notice =
        (TwitchControl.Notice)
            ((TwitchIrcNormalizer.Control)
                    normalize(
                        "@msg-id=msg_ratelimit :tmi.twitch.tv NOTICE #ronni"
                            + " :Your message was not sent because you are sending messages too quickly."))
                .control();
    assertEquals("msg_ratelimit", notice.msgId());
    assertEquals("ronni", notice.login());
  }

  @Test
  void unknownChannelsAndOtherCommandsAreIgnored() {
    TwitchIrcNormalizer.Result r =
        normalize("@id=1;room-id=999;tmi-sent-ts=1;user-id=2 :x!x@x PRIVMSG #other :hi");
    assertTrue(((TwitchIrcNormalizer.Ignored) r).reason().contains("other"));
    assertInstanceOf(
        TwitchIrcNormalizer.Ignored.class,
        normalize(":tmi.twitch.tv 001 chorusbot :Welcome, GLHF!"));
    assertInstanceOf(
        TwitchIrcNormalizer.Ignored.class,
        normalize("@badges=;color=;display-name=bot;user-type= :tmi.twitch.tv USERSTATE #ronni"));
  }

  @Test
  void privmsgWithoutUserIdIsIgnoredAndBrokenTimestampFallsBack() {
    assertInstanceOf(
        TwitchIrcNormalizer.Ignored.class,
        normalize("@id=x;room-id=1337;tmi-sent-ts=1 :a!a@a PRIVMSG #ronni :hi"));
    Envelope e = accepted("@id=x;room-id=1337;tmi-sent-ts=abc;user-id=5 :a!a@a PRIVMSG #ronni :hi");
    assertEquals(NOW.toEpochMilli(), Ids.timestampOf(e.id()));
  }

  @Test
  void invisibleOrMirroredDisplayNamesAreCleanedAndTheStableIdKept() {
    String line =
        "@badges=;display-name=%s;id=m-%s;room-id=1337;tmi-sent-ts=1507246572675;user-id=4242"
            + " :mallory!mallory@mallory.tmi.twitch.tv PRIVMSG #ronni :%s";
    // The platform accepted the user: nothing is refused, the name is cleaned.
    Envelope zeroWidth = accepted(String.format(line, "\u200B\u200D\u2060", "1", "hi"));
    assertEquals("4242", zeroWidth.author().id());
    assertEquals("mallory", zeroWidth.author().displayName(), "falls back to the login");
    Envelope mirrored =
        accepted(String.format(line, "Ron\u202Eni\u202C", "2", "bell\u0007 and nul"));
    assertEquals("Ronni", mirrored.author().displayName());
    assertEquals("bell and nul", mirrored.text(), "control characters stripped from text");
    Envelope decomposed = accepted(String.format(line, "Zoe\u0301", "3", "cafe\u0301"));
    assertEquals("Zoé", decomposed.author().displayName());
    assertEquals("café", decomposed.text());
  }
}
