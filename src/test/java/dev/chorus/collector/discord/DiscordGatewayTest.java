package dev.chorus.collector.discord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscordGatewayTest {

  static final Instant NOW = Instant.parse("2026-11-23T18:00:00Z");

  static final String MESSAGE_CREATE =
      """
      {"t":"MESSAGE_CREATE","s":42,"op":0,"d":{"type":0,"tts":false,\
      "timestamp":"2024-05-01T12:00:00.123000+00:00","pinned":false,"mentions":[],\
      "mention_roles":[],"mention_everyone":false,\
      "member":{"roles":["1111111111111111111"],"nick":"Ally","joined_at":"2023-01-01T00:00:00+00:00"},\
      "id":"1235222735235166208","flags":0,"embeds":[],"edited_timestamp":null,\
      "content":"!ping","components":[],"channel_id":"1100000000000000001",\
      "author":{"username":"alice","public_flags":0,"id":"80351110224678912",\
      "global_name":"Alice","discriminator":"0","avatar":null},\
      "attachments":[],"guild_id":"1000000000000000001"}}""";

  final DiscordNormalizer normalizer =
      new DiscordNormalizer(g -> "1000000000000000001".equals(g) ? "demo" : null, "discord-1");

  DiscordNormalizer.Result normalize(String json) {
    return normalizer.normalize(GatewayPayload.parse(json), NOW);
  }

  static String memberAdd(String guild, String user, String joinedAt, boolean bot) {
    return "{\"t\":\"GUILD_MEMBER_ADD\",\"s\":7,\"op\":0,\"d\":{\"guild_id\":\""
        + guild
        + "\",\"joined_at\":\""
        + joinedAt
        + "\",\"nick\":null,\"roles\":[],\"deaf\":false,\"mute\":false,"
        + "\"user\":{\"id\":\""
        + user
        + "\",\"username\":\"bob\",\"global_name\":\"Bob\",\"bot\":"
        + bot
        + "}}}";
  }

  @Test
  void aMemberJoiningTheServerIsAFollowOfTheCommunity() {
    String json =
        memberAdd(
            "1000000000000000001", "80351110224678913", "2026-11-23T17:59:58.936+00:00", false);
    Envelope e = assertInstanceOf(DiscordNormalizer.Accepted.class, normalize(json)).envelope();
    assertEquals("stream.follow", e.type());
    assertEquals("demo", e.community());
    assertEquals("80351110224678913", e.author().id());
    assertEquals("bob", e.author().login());
    assertEquals("Bob", e.author().displayName());
    assertEquals("1000000000000000001", e.channel().id());
    assertEquals(DiscordNormalizer.MEMBER_JOIN, e.raw().get("kind"));
    assertEquals("2026-11-23T17:59:58.936Z", e.raw().get("joinedAt"));
    assertEquals(
        e.id(),
        assertInstanceOf(DiscordNormalizer.Accepted.class, normalize(json)).envelope().id(),
        "a replay is the same event");
    String rejoin =
        memberAdd("1000000000000000001", "80351110224678913", "2026-11-23T18:30:00+00:00", false);
    assertNotEquals(
        e.id(),
        assertInstanceOf(DiscordNormalizer.Accepted.class, normalize(rejoin)).envelope().id());
  }

  @Test
  void membersOfOtherGuildsBotsAndBrokenJoinsAreIgnored() {
    String at = "2026-11-23T17:59:58+00:00";
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(memberAdd("1000000000000000009", "80351110224678913", at, false)));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(memberAdd("1000000000000000001", "80351110224678913", at, true)));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(memberAdd("1000000000000000001", "not-a-snowflake", at, false)));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(memberAdd("1000000000000000001", "80351110224678913", "yesterday", false)));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize("{\"t\":\"GUILD_MEMBER_ADD\",\"s\":7,\"op\":0,\"d\":[1,2]}"));
  }

  @Test
  void messageCreateBecomesAChatMessageTimedByItsSnowflake() {
    Envelope e =
        assertInstanceOf(DiscordNormalizer.Accepted.class, normalize(MESSAGE_CREATE)).envelope();
    assertEquals(EventType.CHAT_MESSAGE, e.type());
    assertEquals("demo", e.community());
    assertEquals("discord", e.platform());
    assertEquals("1100000000000000001", e.channel().id());
    assertEquals("80351110224678912", e.author().id());
    assertEquals("alice", e.author().login());
    assertEquals("Ally", e.author().displayName());
    assertEquals("!ping", e.text());
    assertEquals(List.of("1111111111111111111"), e.raw().get("memberRoles"));
    long expectedMillis = (1235222735235166208L >> 22) + 1420070400000L;
    assertEquals(
        expectedMillis, DiscordNormalizer.snowflakeTime(1235222735235166208L).toEpochMilli());
    assertEquals(
        Ids.forPlatformMessage(
            "discord", "demo", "1235222735235166208", Instant.ofEpochMilli(expectedMillis)),
        e.id());
    assertEquals(expectedMillis, Ids.timestampOf(e.id()));
    // Discord's own example: snowflake 175928847299117063 was made at 2016-04-30T11:18:25.796Z.
    assertEquals(
        Instant.parse("2016-04-30T11:18:25.796Z"),
        DiscordNormalizer.snowflakeTime(175928847299117063L));
  }

  @Test
  void botsDirectMessagesSystemMessagesAndOtherGuildsAreIgnored() {
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(MESSAGE_CREATE.replace("\"public_flags\":0,", "\"bot\":true,")));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(MESSAGE_CREATE.replace(",\"guild_id\":\"1000000000000000001\"", "")));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(MESSAGE_CREATE.replace("\"type\":0", "\"type\":7")));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(MESSAGE_CREATE.replace("1000000000000000001", "1000000000000000002")));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(MESSAGE_CREATE.replace("\"content\":\"!ping\"", "\"content\":\"\"")));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(MESSAGE_CREATE.replace("MESSAGE_CREATE", "MESSAGE_UPDATE")));
    assertInstanceOf(
        DiscordNormalizer.Ignored.class,
        normalize(MESSAGE_CREATE.replace("1235222735235166208", "-5")));
  }

  @Test
  void payloadModel() {
    GatewayPayload hello =
        GatewayPayload.parse(
            "{\"op\":10,\"d\":{\"heartbeat_interval\":41250},\"s\":null,\"t\":null}");
    assertEquals(GatewayOp.HELLO, hello.op());
    assertEquals(41250, hello.heartbeatInterval());
    assertNull(hello.s());
    assertNull(hello.t());
    GatewayPayload dispatch = GatewayPayload.parse(MESSAGE_CREATE);
    assertEquals(42L, dispatch.s());
    assertTrue(dispatch.isDispatch("MESSAGE_CREATE"));
    assertEquals(GatewayOp.INVALID_SESSION, GatewayPayload.parse("{\"op\":9,\"d\":false}").op());
    assertEquals(GatewayOp.RECONNECT, GatewayPayload.parse("{\"op\":7,\"d\":null}").op());
    assertEquals(GatewayOp.HEARTBEAT_ACK, GatewayPayload.parse("{\"op\":11}").op());

    assertEquals("{\"op\":1,\"d\":null}", GatewayPayload.heartbeat(null).toJson());
    assertEquals("{\"op\":1,\"d\":251}", GatewayPayload.heartbeat(251L).toJson());
    assertEquals(
        "{\"op\":2,\"d\":{\"token\":\"tok\",\"intents\":33280,"
            + "\"properties\":{\"os\":\"linux\",\"browser\":\"chorus\",\"device\":\"chorus\"}}}",
        GatewayPayload.identify("tok", (1 << 9) | (1 << 15), "linux", "chorus").toJson());
    assertEquals(
        "{\"op\":6,\"d\":{\"token\":\"tok\",\"session_id\":\"abc\",\"seq\":1337}}",
        GatewayPayload.resume("tok", "abc", 1337).toJson());
    GatewayPayload roundTrip = GatewayPayload.parse(dispatch.toJson());
    assertEquals(dispatch, roundTrip);
  }

  @Test
  void malformedPayloadsAreRefused() {
    for (String bad : new String[] {"", "[]", "{", "{\"op\":\"0\"}", "{\"d\":1}", "null", "7"}) {
      assertThrows(GatewayFormatException.class, () -> GatewayPayload.parse(bad), bad);
    }
    assertThrows(GatewayFormatException.class, () -> GatewayPayload.parse(null));
  }

  @Test
  void invisibleOrMirroredNicknamesAreCleanedAndTheStableIdKept() {
    Envelope zeroWidth =
        assertInstanceOf(
                DiscordNormalizer.Accepted.class,
                normalize(
                    MESSAGE_CREATE.replace("\"nick\":\"Ally\"", "\"nick\":\"\\u200b\\ufeff\"")))
            .envelope();
    assertEquals("80351110224678912", zeroWidth.author().id());
    assertEquals("Alice", zeroWidth.author().displayName(), "the global name instead");
    Envelope mirrored =
        assertInstanceOf(
                DiscordNormalizer.Accepted.class,
                normalize(
                    MESSAGE_CREATE
                        .replace("\"nick\":\"Ally\"", "\"nick\":\"\\u2067Ally\\u2069\"")
                        .replace("\"content\":\"!ping\"", "\"content\":\"!ping\\u0000\"")))
            .envelope();
    assertEquals("Ally", mirrored.author().displayName());
    assertEquals("!ping", mirrored.text(), "NUL stripped from the text");
  }
}
