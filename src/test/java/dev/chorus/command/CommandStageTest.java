package dev.chorus.command;

import static dev.chorus.command.CommandNode.chat;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.command.CommandNode.Speaker;
import dev.chorus.event.Channel;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Ids;
import dev.chorus.event.PermissionLevel;
import dev.chorus.event.Reply;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command stage on a real Vert.x over H2 and in-process state: the engine's behaviour. */
class CommandStageTest {

  static CommandNode node;
  String community;
  final Speaker ann = Speaker.viewer("ann");
  final Speaker mod = Speaker.moderator("max");

  @BeforeAll
  static void start() {
    node = CommandNode.embedded();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @BeforeEach
  void freshCommunity() {
    community = "c" + UUID.randomUUID().toString().substring(0, 8);
  }

  List<String> say(Speaker who, String text) {
    return node.replies(chat(community, text, who));
  }

  void define(String name, String response, CommandPolicy policy) {
    await(
        node.store.putCommand(
            new CustomCommand(community, name, response, policy, true, "", "test", Instant.now())));
  }

  @Test
  void unknownCommandsStaySilentAndAreMarkedUnknown() {
    Envelope out = node.send(chat(community, "!dance now", ann));
    assertEquals(List.of(), out.replies());
    assertEquals(
        new ContextKeys.Command("dance", List.of("now"), false),
        out.get(ContextKeys.COMMAND).orElseThrow());
    Envelope owned = node.send(chat(community, "!remember the sky is blue", mod));
    assertEquals(List.of(), owned.replies());
    assertFalse(owned.get(ContextKeys.COMMAND).orElseThrow().known());
    Envelope plain = node.send(chat(community, "hello", ann));
    assertTrue(plain.get(ContextKeys.COMMAND).isEmpty());
  }

  @Test
  void aViewerIsDeniedOnceAModeratorIsAllowed() {
    assertEquals(List.of("@ann, !addcom is for moderators and up."), say(ann, "!addcom !hi Hello"));
    assertEquals(List.of(), say(ann, "!addcom !hi Hello"), "denied is said once per window");
    assertEquals(List.of("Added !hi."), say(mod, "!addcom !hi Hello ${user}"));
    assertEquals(List.of("Hello ann"), say(ann, "!hi"));
  }

  @Test
  void customCommandsFromChat() {
    assertEquals(List.of("Added !discord."), say(mod, "!cmd add discord Join https://example.org"));
    assertEquals(
        List.of("Refused: !discord exists; use !cmd edit"), say(mod, "!cmd add !discord again"));
    assertEquals(List.of("Changed !discord."), say(mod, "!editcom !discord New link"));
    assertEquals(List.of("New link"), say(ann, "!discord"));
    assertEquals(List.of("!discord → New link [viewer]"), say(mod, "!cmd show discord"));
    assertEquals(
        List.of("!discord: moderator, cooldown 30 s, per person 10 s, dm, shadow"),
        say(mod, "!cmd set discord level=moderator cooldown=30 usercooldown=10 mode=dm shadow=on"));
    assertEquals(List.of("Deleted !discord."), say(mod, "!delcom !discord"));
    assertEquals(List.of(), say(ann, "!discord"));
    assertEquals(
        List.of("Refused: !ping is a built-in or belongs to another stage"),
        say(mod, "!addcom !ping hijack"));
    assertEquals(
        List.of("Refused: !ask is a built-in or belongs to another stage"),
        say(mod, "!addcom !ask hijack"));
    assertTrue(say(mod, "!addcom !bad ${nope}").get(0).contains("unknown variable ${nope}"));
    assertTrue(say(mod, "!addcom !bad ${user").get(0).contains("unclosed ${"));
    assertTrue(say(mod, "!cmd set nothing level=owner").get(0).startsWith("Refused: there is no"));
  }

  @Test
  void everyTemplateVariable() {
    define(
        "all",
        "${user}|${pronoun.subject}/${pronoun.object}/${pronoun.possessive}/${pronoun.reflexive}"
            + "|${args}|${arg1}|${arg2}|${arg3}|${target}|${channel}|${count}|${count}"
            + "|${random 5-5}|${pick only}|${uptime}|${call ping}|$$",
        CommandPolicy.OPEN);
    Speaker she = ann.withPronouns("she/her");
    assertEquals(
        List.of(
            "ann|she/her/her/herself|@bob \"two words\"|@bob|two words||bob|room|1|1|5|only"
                + "|offline|pong|$"),
        say(she, "!all @bob \"two words\""));
    assertEquals(
        List.of("ann|they/them/their/themselves|||||ann|room|2|2|5|only|offline|pong|$"),
        say(ann, "!all"));
  }

  @Test
  void uptimeReadsWhenTheCommunityWentLive() {
    await(node.communities.upsert(community, community));
    await(
        node.communities.putSetting(
            community, CommunitySettings.STARTED_AT, Instant.now().minusSeconds(3725).toString()));
    define("up", "${uptime}", CommandPolicy.OPEN);
    assertEquals(List.of("1 h 2 min"), say(ann, "!up"));
    assertEquals(List.of("Live for 1 h 2 min."), say(ann, "!uptime"));
  }

  /** stream.online through the stage writes stream.startedAt; stream.offline removes it. */
  @Test
  void streamOnlineStartsTheUptimeAndOfflineEndsIt() {
    await(node.communities.upsert(community, community));
    define("up", "up ${uptime}", CommandPolicy.OPEN);
    assertEquals(List.of("up offline"), say(ann, "!up"));
    Instant started = Instant.now().minusSeconds(2 * 3600 + 5 * 60 + 7);
    Envelope online = streamEvent(EventType.STREAM_ONLINE, Map.of("startedAt", started.toString()));
    Envelope passed = node.send(online);
    assertEquals(List.of(), passed.replies(), "nothing is said");
    assertEquals(
        started.toString(),
        await(node.communities.setting(community, CommunitySettings.STARTED_AT)).orElseThrow());
    assertEquals(List.of("Live for 2 h 5 min."), say(ann, "!uptime"));
    assertEquals(List.of("up 2 h 5 min"), say(ann, "!up"));
    node.send(online); // routed again after a retry: the same value
    assertEquals(List.of("up 2 h 5 min"), say(mod, "!up"));
    node.send(streamEvent(EventType.STREAM_OFFLINE, Map.of()));
    assertEquals(List.of("up offline"), say(mod, "!up"));
    node.send(streamEvent(EventType.STREAM_ONLINE, Map.of("startedAt", "yesterday")));
    String fromArrival = say(ann, "!up").get(0);
    assertTrue(
        fromArrival.matches("up [0-9]+ s"), "an unreadable time: its arrival " + fromArrival);
  }

  Envelope streamEvent(String type, Map<String, Object> raw) {
    return new Envelope(
        Ids.forPlatformMessage("twitch", community, type + raw, Instant.now()),
        Envelope.VERSION,
        type,
        community,
        "twitch",
        new Channel("1337", "chan"),
        null,
        null,
        raw,
        null,
        null,
        null,
        null,
        Instant.now(),
        "test");
  }

  @Test
  void randomAndPickStayInRange() {
    define("dice", "${random 1-6} ${pick a|b|c}", CommandPolicy.OPEN);
    for (int i = 0; i < 30; i++) {
      String[] parts = say(ann, "!dice").get(0).split(" ");
      int n = Integer.parseInt(parts[0]);
      assertTrue(n >= 1 && n <= 6, parts[0]);
      assertTrue(Set.of("a", "b", "c").contains(parts[1]), parts[1]);
    }
  }

  @Test
  void recursionIsRefusedWithTheChain() {
    assertEquals(List.of("Added !a."), say(mod, "!addcom !a A"));
    assertEquals(List.of("Added !b."), say(mod, "!addcom !b B ${call a}"));
    assertEquals(
        List.of("Refused: recursion refused: !a → !b → !a"), say(mod, "!editcom !a ${call b}"));
    assertEquals(List.of("Refused: recursion refused: !c → !c"), say(mod, "!addcom !c ${call c}"));
    // stored behind the checks' back, the run-time bound still refuses it
    define("x", "x${call y}", CommandPolicy.OPEN);
    define("y", "y${call x}", CommandPolicy.OPEN);
    assertEquals(List.of("!x: recursion refused: !x → !y → !x"), say(ann, "!x"));
  }

  @Test
  void aliasesRunTheirTargetAndLoopsAreRefused() {
    assertEquals(
        List.of("!hi now runs !say Hello ${user}."), say(mod, "!alias add !hi !say Hello ${user}"));
    assertEquals(List.of("Hello ann"), say(ann, "!hi"));
    assertEquals(List.of("@ann, !say is for moderators and up."), say(ann, "!say direct"));
    assertEquals(List.of("!greet now runs !hi."), say(mod, "!alias add !greet !hi"));
    assertEquals(List.of("Hello ann"), say(ann, "!greet"));
    assertEquals(
        List.of("Refused: alias loop refused: !hi → !greet → !hi"),
        say(mod, "!alias add !hi !greet"));
    assertEquals(List.of("!so2 now runs !so."), say(mod, "!alias add !so2 !so"));
    assertEquals(List.of("Go check out Ann and show them some love!"), say(mod, "!so2 @Ann"));
    // a loop stored behind the checks' back is refused at run time
    await(node.store.putAlias(new Alias(community, "p", "q")));
    await(node.store.putAlias(new Alias(community, "q", "p")));
    assertEquals(List.of("alias loop refused: !p → !q → !p"), say(ann, "!p"));
    assertTrue(say(mod, "!alias list").get(0).startsWith("Aliases: !greet !hi"));
    assertEquals(List.of("Deleted alias !greet."), say(mod, "!alias del !greet"));
  }

  @Test
  void globalCooldownAnswersOncePerWindow() {
    define("hug", "hugs", CommandPolicy.OPEN.withCooldowns(60, 0));
    assertEquals(List.of("hugs"), say(ann, "!hug"));
    List<String> hit = say(mod, "!hug");
    assertEquals(1, hit.size());
    assertTrue(hit.get(0).startsWith("!hug is on cooldown for "), hit.get(0));
    assertEquals(List.of(), say(ann, "!hug"));
    assertEquals(List.of(), say(mod, "!hug"));
  }

  @Test
  void personCooldownFollowsThePersonAcrossPlatforms() {
    define("lurk", "${user} lurks", CommandPolicy.OPEN.withCooldowns(0, 60));
    assertEquals(List.of("ann lurks"), node.replies(chat(community, "web", "room", "!lurk", ann)));
    Speaker annOnTwitch = ann.on("twitch");
    List<String> hit = node.replies(chat(community, "twitch", "chan", "!lurk", annOnTwitch));
    assertEquals(1, hit.size());
    assertTrue(hit.get(0).startsWith("@ann, you can use !lurk again in "), hit.get(0));
    assertEquals(List.of(), node.replies(chat(community, "twitch", "chan", "!lurk", annOnTwitch)));
    assertEquals(List.of("max lurks"), say(mod, "!lurk"), "another person is not held up");
  }

  @Test
  void channelRateLimit() {
    define("wave", "wave", CommandPolicy.OPEN.withChannelLimit(2, 60));
    assertEquals(List.of("wave"), node.replies(chat(community, "web", "a", "!wave", ann)));
    assertEquals(List.of("wave"), node.replies(chat(community, "web", "a", "!wave", mod)));
    assertEquals(
        List.of("!wave runs at most 2 times per 60 s here."),
        node.replies(chat(community, "web", "a", "!wave", ann)));
    assertEquals(List.of(), node.replies(chat(community, "web", "a", "!wave", ann)));
    assertEquals(List.of("wave"), node.replies(chat(community, "web", "b", "!wave", ann)));
  }

  @Test
  void enabledPlatformsAndResponseModes() {
    define("tw", "only twitch", CommandPolicy.OPEN.withPlatforms(Set.of("twitch")));
    assertEquals(List.of(), node.replies(chat(community, "web", "room", "!tw", ann)));
    assertEquals(
        List.of("only twitch"),
        node.replies(chat(community, "twitch", "chan", "!tw", ann.on("twitch"))));
    define("secret", "psst", CommandPolicy.OPEN.withMode(ResponseMode.DM));
    Reply dm =
        node.send(chat(community, "twitch", "chan", "!secret", ann.on("twitch"))).replies().get(0);
    assertEquals("dm:twitch-ann", dm.channel());
    Reply web = node.send(chat(community, "web", "room", "!secret", ann)).replies().get(0);
    assertEquals("room", web.channel(), "the web chat has no direct messages");
    define("quiet", "${count}", CommandPolicy.OPEN.withMode(ResponseMode.SILENT));
    assertEquals(List.of(), say(ann, "!quiet"));
    assertEquals(List.of(), say(ann, "!quiet"));
    assertEquals(2L, await(node.store.counter(community, "cmd:quiet")), "silent still runs");
  }

  @Test
  void shadowModeSendsNothingAndLogsTheWouldBeReply() {
    define("beta", "would say ${user}", CommandPolicy.OPEN.withShadow(true));
    Envelope out = node.send(chat(community, "!beta", ann));
    assertEquals(List.of(), out.replies());
    assertTrue(out.get(ContextKeys.COMMAND).orElseThrow().known());
    Reply logged =
        node.journaled.stream()
            .filter(r -> out.id().equals(r.inReplyTo()))
            .findFirst()
            .orElseThrow();
    assertEquals("would say ann", logged.text());
    assertEquals(CommandModule.SHADOW_PLATFORM, logged.platform());
  }

  @Test
  void countersQuotesAndShoutouts() {
    assertEquals(List.of("deaths: 0"), say(ann, "!count deaths"));
    assertEquals(List.of("@ann, that is for moderators and up."), say(ann, "!count deaths +1"));
    assertEquals(List.of(), say(ann, "!count deaths +1"));
    assertEquals(List.of("deaths: 1"), say(mod, "!count deaths +1"));
    assertEquals(List.of("deaths: 6"), say(mod, "!count deaths +5"));
    assertEquals(List.of("deaths: 4"), say(mod, "!count deaths -2"));
    assertEquals(List.of("deaths: 0"), say(mod, "!count deaths reset"));
    assertEquals(List.of("No quotes yet."), say(ann, "!quote"));
    assertEquals(List.of("Added quote #1."), say(mod, "!quote add \"so it begins\""));
    assertEquals(List.of("Added quote #2."), say(mod, "!quote add to be or not"));
    assertEquals(List.of("Quote #2: to be or not (max)"), say(ann, "!quote 2"));
    assertEquals(List.of("Quote #1: \"so it begins\" (max)"), say(ann, "!quote get 1"));
    assertTrue(say(ann, "!quote random").get(0).startsWith("Quote #"));
    assertEquals(List.of("Deleted quote #2."), say(mod, "!quote del 2"));
    assertEquals(List.of("No quote #2."), say(ann, "!quote 2"));
    assertEquals(
        List.of("Go check out Ann at https://twitch.tv/ann and give them a follow!"),
        node.replies(chat(community, "twitch", "chan", "!so @Ann", mod.on("twitch"))));
    assertEquals(List.of("Usage: !so @user"), say(mod, "!so"));
  }

  @Test
  void helpAndCommandsListOnlyWhatTheCallerMayUse() {
    define("open", "x", CommandPolicy.OPEN);
    define("modonly", "y", CommandPolicy.of(PermissionLevel.MODERATOR));
    String viewer = say(ann, "!commands").get(0);
    assertTrue(viewer.contains("!ping") && viewer.contains("!open") && viewer.contains("!quote"));
    assertFalse(viewer.contains("!modonly") || viewer.contains("!addcom"), viewer);
    String moderator = say(mod, "!commands").get(0);
    assertTrue(moderator.contains("!modonly") && moderator.contains("!addcom"), moderator);
    assertEquals(List.of("!ping checks that the bot is listening"), say(ann, "!help !PING"));
    assertEquals(List.of("!open (custom, viewer): no description"), say(ann, "!help open"));
    assertEquals(List.of("No command !nope. Try !commands."), say(ann, "!help nope"));
  }

  @Test
  void aCommunityPrefixReplacesTheDefault() {
    await(node.communities.upsert(community, community));
    await(node.communities.putSetting(community, CommunitySettings.PREFIX, "?"));
    assertEquals(List.of("pong"), say(ann, "?ping"));
    assertTrue(node.send(chat(community, "!ping", ann)).get(ContextKeys.COMMAND).isEmpty());
  }

  @Test
  void timersNeedChatLinesAndFireOncePerInterval() {
    await(node.store.putTimer(new CommandTimer(community, "socials", "Follow us!", 3600, 3, true)));
    assertEquals(List.of(), say(ann, "hello"));
    assertEquals(List.of(), say(ann, "hello"));
    assertEquals(List.of("Follow us!"), say(ann, "hello"));
    for (int i = 0; i < 10; i++) {
      assertEquals(List.of(), say(ann, "more chat"));
    }
  }

  @Test
  void hostileInputNeverCrashesTheStage() {
    for (String text :
        List.of(
            "!",
            "!\"",
            "!cmd",
            "!cmd add",
            "!cmd add !x",
            "!cmd set x",
            "!addcom " + "z".repeat(100) + " t",
            "!alias add",
            "!alias add !a",
            "!count",
            "!count x +99999999999",
            "!quote get -1",
            "!quote add " + "q".repeat(1000),
            "!so " + "@".repeat(300),
            "!help " + "!".repeat(50),
            "!" + "\u0000".repeat(3),
            "!ping " + "\"".repeat(3000))) {
      Envelope out = node.send(chat(community, text, mod));
      assertTrue(out.replies().size() <= 1, text);
    }
    assertEquals(List.of("pong"), say(ann, "!ping"));
  }
}
