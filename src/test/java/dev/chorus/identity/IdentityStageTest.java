package dev.chorus.identity;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.community.CommunityChanges;
import dev.chorus.community.sql.SqlCommunityStore;
import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.PermissionLevel;
import dev.chorus.event.Platforms;
import dev.chorus.event.Reply;
import dev.chorus.identity.sql.SqlIdentityStore;
import dev.chorus.state.inprocess.InProcessStateStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The identity stage on its own: the real store over H2 and the in-process state store (with a
 * clock the test moves), envelopes sent to {@code chorus.stage.identity} as the router does.
 */
class IdentityStageTest {

  private static final String COMMUNITY = "stage";
  private static final Pattern CODE = Pattern.compile("verify (\\d{6})");

  private Vertx vertx;
  private H2Database db;
  private IdentityStore store;
  private SqlCommunityStore communities;
  private IdentitySettings settings;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    EnvelopeCodec.register(vertx);
    db = TestServices.openH2(vertx);
    store = new SqlIdentityStore(db.sql());
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    InProcessStateStore state = new InProcessStateStore("t", clock);
    Linking linking =
        new Linking(
            store,
            state,
            vertx.eventBus(),
            new Linking.Options(Duration.ofMinutes(10), 6, 5, Duration.ofMinutes(10)),
            "!");
    communities = new SqlCommunityStore(db.sql());
    await(communities.upsert(COMMUNITY, "Stage"));
    settings = new IdentitySettings(communities, Duration.ofMinutes(10));
    await(settings.follow(vertx));
    await(
        vertx.deployVerticle(
            new IdentityVerticle(
                store,
                new IdentityCommands(store, linking, "!", true),
                PronounSource.NONE,
                settings)));
  }

  /** Sets a community setting as the admin API does: stored, then announced. */
  private void configure(String name, String value) {
    await(communities.putSetting(COMMUNITY, name, value));
    CommunityChanges.publish(vertx.eventBus(), COMMUNITY, true);
    // the change is published, then this node's cache is asked: a read is one query, not stale
    settings.invalidate(COMMUNITY);
  }

  @AfterEach
  void tearDown() {
    await(db.close());
    await(vertx.close());
  }

  private Envelope send(String platform, Author author, String text) {
    Envelope e =
        Envelope.accepted(
            EventType.CHAT_MESSAGE,
            COMMUNITY,
            platform,
            new Channel("room", "room"),
            author,
            text,
            Instant.now(),
            null);
    return await(vertx.eventBus().<Envelope>request(Addresses.stage("identity"), e)).body();
  }

  private static String reply(Envelope e) {
    List<Reply> replies = e.replies();
    return replies.isEmpty() ? null : replies.get(replies.size() - 1).text();
  }

  private static ContextKeys.Speaker speaker(Envelope e) {
    return e.get(ContextKeys.PERSON).orElseThrow();
  }

  private static Author twitch(String id, String login, String... roles) {
    return new Author(id, login, login, List.of(roles));
  }

  private static Author signedIn(String name, String level) {
    return new Author(
        Platforms.WEB_SIGNED_IN_PREFIX + name.toLowerCase(),
        name,
        name,
        List.of(level, Platforms.WEB_SIGNED_IN));
  }

  private static String code(String reply) {
    Matcher m = CODE.matcher(reply);
    assertTrue(m.find(), reply);
    return m.group(1);
  }

  @Test
  void levelsComeFromPlatformRolesAndGrantsButNeverFromAnAnonymousWebName() {
    assertEquals(
        PermissionLevel.OWNER,
        speaker(send("twitch", twitch("1", "tv", "broadcaster"), "hi")).level());
    assertEquals(
        PermissionLevel.VIP,
        speaker(send("twitch", twitch("2", "v", "vip", "subscriber"), "hi")).level());
    Envelope viewer = send("twitch", twitch("3", "plain"), "hi");
    assertEquals(PermissionLevel.VIEWER, speaker(viewer).level());
    await(store.grant(COMMUNITY, speaker(viewer).personId(), PermissionLevel.MODERATOR));
    assertEquals(
        PermissionLevel.MODERATOR, speaker(send("twitch", twitch("3", "plain"), "hi")).level());

    Envelope anon = send("web", new Author("streamer", "tv", "tv", List.of("owner")), "hi");
    assertEquals(
        PermissionLevel.VIEWER, speaker(anon).level(), "anonymous web: viewer whatever it says");
    await(store.grant(COMMUNITY, speaker(anon).personId(), PermissionLevel.OWNER));
    assertEquals(
        PermissionLevel.VIEWER,
        speaker(send("web", new Author("streamer", "tv", "tv", List.of()), "hi")).level());
    assertEquals(
        PermissionLevel.OWNER, speaker(send("web", signedIn("Streamer", "owner"), "hi")).level());
  }

  @Test
  void anAnonymousWebUserCannotTakeASignedInUsersName() {
    await(
        new dev.chorus.access.sql.SqlApiKeys(db.sql())
            .issue(
                dev.chorus.access.Scope.CHAT,
                COMMUNITY,
                "",
                "Streamer",
                "owner",
                new java.security.SecureRandom(),
                Instant.now()));
    Envelope anon = send("web", new Author("x1", "streamer", "STREAMER", List.of()), "hi");
    assertEquals("STREAMER (guest)", speaker(anon).displayName());
    Envelope real = send("web", signedIn("Streamer", "owner"), "hi");
    assertEquals("Streamer", speaker(real).displayName());
    assertNotEquals(speaker(anon).personId(), speaker(real).personId());
  }

  @Test
  void aRenameKeepsThePerson() {
    String id = speaker(send("twitch", twitch("77", "oldname"), "hi")).personId();
    Envelope renamed = send("twitch", twitch("77", "newname"), "hi");
    assertEquals(id, speaker(renamed).personId());
    assertEquals("newname", speaker(renamed).displayName());
  }

  @Test
  void linkingTwoAccountsEndToEndMakesThemOnePerson() {
    Author web = signedIn("Alice", "viewer");
    Author tw = twitch("555", "alice_tv");
    String webPerson = speaker(send("web", web, "hi")).personId();
    String twPerson = speaker(send("twitch", tw, "hi")).personId();
    assertNotEquals(webPerson, twPerson);

    String ask = reply(send("web", web, "!identity link twitch alice_tv"));
    String code = code(ask);
    assertTrue(ask.contains("10 minutes"), ask);
    String done = reply(send("twitch", tw, "!verify " + code));
    assertTrue(done.startsWith("Linked"), done);

    assertEquals(webPerson, speaker(send("twitch", tw, "hi")).personId());
    String list = reply(send("twitch", tw, "!identity"));
    assertTrue(list.contains("twitch alice_tv") && list.contains("web Alice"), list);
    assertTrue(
        reply(send("twitch", tw, "!verify " + code)).startsWith("No link is waiting"),
        "a code works once");

    String unlinked = reply(send("web", web, "!identity unlink twitch"));
    assertEquals("Unlinked twitch alice_tv.", unlinked);
    assertNotEquals(webPerson, speaker(send("twitch", tw, "hi")).personId());
    assertEquals("That is your only account.", reply(send("web", web, "!identity unlink web")));
  }

  @Test
  void wrongExpiredAndTooManyCodesGetClearReplies() {
    Author web = signedIn("Bob", "viewer");
    Author tw = twitch("600", "bob_tv");
    send("twitch", tw, "hi");
    String code = code(reply(send("web", web, "!identity link twitch bob_tv")));
    String wrong = code.equals("000000") ? "111111" : "000000";
    assertEquals("Wrong code.", reply(send("twitch", tw, "!verify " + wrong)));
    assertEquals("Wrong code.", reply(send("twitch", tw, "!verify not-a-code")));

    now = now.plus(Duration.ofMinutes(11));
    assertTrue(reply(send("twitch", tw, "!verify " + code)).startsWith("No link is waiting"));

    code(reply(send("web", web, "!identity link twitch bob_tv")));
    for (int i = 0; i < 4; i++) { // with the expired try: five in this window
      assertEquals("Wrong code.", reply(send("twitch", tw, "!verify " + wrong)));
    }
    // five attempts in the window: the sixth is refused whatever the code
    String limited = reply(send("twitch", tw, "!verify " + wrong));
    assertTrue(limited.startsWith("Too many attempts"), limited);
  }

  @Test
  void anonymousWebUsersCannotLinkAndLinkRequestsAreChecked() {
    Author anon = new Author("anon-1", "carol", "carol", List.of());
    assertTrue(reply(send("web", anon, "!identity link twitch carol")).startsWith("Sign in"));
    assertTrue(reply(send("web", anon, "!verify 123456")).startsWith("Sign in"));
    Author tw = twitch("700", "carol_tv");
    assertTrue(
        reply(send("twitch", tw, "!identity link myspace carol")).startsWith("Platform must"));
    assertTrue(
        reply(send("twitch", tw, "!identity link twitch carol_tv"))
            .startsWith("That is the account"));
    assertTrue(reply(send("twitch", tw, "!identity frobnicate")).startsWith("Usage"));
    assertEquals(null, reply(send("twitch", tw, "!ping")), "not ours: no reply");
    assertEquals(null, reply(send("twitch", tw, "identity")), "no prefix: no reply");
  }

  @Test
  void pronounsAndNicknameAreSetCheckedAndShown() {
    Author tw = twitch("800", "dana_tv");
    assertEquals(
        "dana_tv's pronouns are now she/her.", reply(send("twitch", tw, "!pronouns She / Her")));
    assertTrue(reply(send("twitch", tw, "!pronouns zorp")).startsWith("Unknown pronouns"));
    assertEquals(
        "Hi Dana (she/her), that is your nickname now.", reply(send("twitch", tw, "!nick Dana")));
    Envelope after = send("twitch", tw, "!identity");
    assertEquals("Dana", speaker(after).nickname());
    assertEquals("she/her", speaker(after).pronouns());
    assertTrue(reply(after).startsWith("Dana (she/her), viewer: twitch dana_tv"), reply(after));
    for (String bad :
        new String[] {"x".repeat(33), "@everyone", "http://spam.example", "Guest1", "!ping"}) {
      assertEquals("Dana", speaker(send("twitch", tw, "!nick " + bad)).nickname(), bad);
    }
    await(
        new dev.chorus.access.sql.SqlApiKeys(db.sql())
            .issue(
                dev.chorus.access.Scope.CHAT,
                COMMUNITY,
                "",
                "Boss",
                "owner",
                new java.security.SecureRandom(),
                Instant.now()));
    assertEquals("That name belongs to a signed-in user.", reply(send("twitch", tw, "!nick boss")));
    assertEquals("dana_tv has no nickname now.", reply(send("twitch", tw, "!nick clear")));
  }

  @Test
  void aCommunitysOwnPronounSetsAreAcceptedShownAndWithdrawn() {
    Author tw = twitch("810", "eli_tv");
    assertTrue(reply(send("twitch", tw, "!pronouns ey/em")).startsWith("Unknown pronouns"));
    configure(CommunityIdentity.PRONOUNS, "[\"ey/em\", \"xe/xyr\", \"he/him\", 7, \"<b>\"]");
    String unknown = reply(send("twitch", tw, "!pronouns zorp"));
    assertTrue(unknown.endsWith("ask me, ey/em, xe/xyr."), unknown);
    assertEquals(
        "eli_tv's pronouns are now ey/em.", reply(send("twitch", tw, "!pronouns EY / em")));
    Envelope after = send("twitch", tw, "hi");
    assertEquals("ey/em", speaker(after).pronouns(), "in the identity context");
    assertEquals("eli_tv's pronouns are ey/em.", reply(send("twitch", tw, "!pronouns")));

    configure(CommunityIdentity.PRONOUNS, "[\"xe/xyr\"]");
    assertEquals(null, speaker(send("twitch", tw, "hi")).pronouns(), "withdrawn: not shown");
    assertTrue(reply(send("twitch", tw, "!pronouns")).contains("has set no pronouns"));
    assertEquals("ey/em", await(store.find(COMMUNITY, "twitch", "810")).orElseThrow().pronouns());
    configure(CommunityIdentity.PRONOUNS, "not json");
    assertTrue(reply(send("twitch", tw, "!pronouns xe/xyr")).startsWith("Unknown pronouns"));
    assertEquals(
        "eli_tv's pronouns are now they/them.", reply(send("twitch", tw, "!pronouns they/them")));
  }

  private Envelope discord(String userId, String text, String... memberRoles) {
    Envelope e =
        Envelope.accepted(
            EventType.CHAT_MESSAGE,
            COMMUNITY,
            Platforms.DISCORD,
            new Channel("42", null),
            new Author(userId, "u" + userId, "U" + userId, List.of()),
            text,
            Instant.now(),
            null);
    e =
        new Envelope(
            e.id(),
            e.v(),
            e.type(),
            e.community(),
            e.platform(),
            e.channel(),
            e.author(),
            e.text(),
            java.util.Map.of(IdentityVerticle.MEMBER_ROLES, List.of(memberRoles)),
            e.context(),
            e.replies(),
            e.slip(),
            e.trace(),
            e.receivedAt(),
            e.origin());
    return await(vertx.eventBus().<Envelope>request(Addresses.stage("identity"), e)).body();
  }

  @Test
  void discordRolesMapToLevelsPerCommunity() {
    assertEquals(PermissionLevel.VIEWER, speaker(discord("9001", "hi", "111", "222")).level());
    configure(
        CommunityIdentity.ROLES_PREFIX + "discord",
        "{\"111\":\"vip\",\"222\":\"moderator\",\"333\":\"owner\",\"444\":\"boss\"}");
    assertEquals(PermissionLevel.MODERATOR, speaker(discord("9001", "hi", "111", "222")).level());
    assertEquals(PermissionLevel.VIP, speaker(discord("9002", "hi", "111", "999")).level());
    assertEquals(PermissionLevel.VIEWER, speaker(discord("9003", "hi", "444")).level());
    assertEquals(PermissionLevel.VIEWER, speaker(discord("9004", "hi")).level());
    String person = speaker(discord("9002", "hi", "111")).personId();
    await(store.grant(COMMUNITY, person, PermissionLevel.OWNER));
    assertEquals(
        PermissionLevel.OWNER, speaker(discord("9002", "hi", "111")).level(), "a grant above");
    assertEquals(
        PermissionLevel.VIEWER,
        speaker(send("twitch", twitch("9001", "u9001"), "hi")).level(),
        "a Discord mapping means nothing on another platform");
  }

  @Test
  void aLinkCodeGoesByDirectMessageWhereThePlatformHasThem() {
    Envelope asked = discord("7007", "!identity link twitch fin_tv");
    assertEquals(2, asked.replies().size(), asked.replies().toString());
    Reply notice = asked.replies().get(0);
    Reply dm = asked.replies().get(1);
    assertEquals("42", notice.channel());
    assertTrue(notice.text().contains("privately") && !notice.text().matches(".*\\d{6}.*"));
    assertEquals("dm:7007", dm.channel());
    assertEquals(Platforms.DISCORD, dm.platform());
    String code = code(dm.text());
    assertNotEquals(notice.id(), dm.id());

    Author tw = twitch("7008", "fin_tv");
    assertTrue(reply(send("twitch", tw, "!verify " + code)).startsWith("Linked"));
    assertEquals(
        speaker(discord("7007", "hi")).personId(), speaker(send("twitch", tw, "hi")).personId());

    // Twitch has no direct messages: the code is said in the channel (and a log line says why)
    Envelope fromTwitch = send("twitch", twitch("7010", "gil_tv"), "!identity link discord gil");
    assertEquals(1, fromTwitch.replies().size());
    assertEquals("room", fromTwitch.replies().get(0).channel());
    code(reply(fromTwitch));
    // refusals are not secrets: they stay in the channel
    Envelope self = discord("7007", "!identity link discord u7007");
    assertEquals(1, self.replies().size());
    assertEquals("42", self.replies().get(0).channel());
  }

  @Test
  void aForgedSignedInWebAuthorIsRefused() {
    Envelope e =
        Envelope.accepted(
            EventType.CHAT_MESSAGE,
            COMMUNITY,
            "web",
            new Channel("room", "room"),
            new Author("signed:boss", "boss", "boss", List.of("owner")),
            "hi",
            Instant.now(),
            null);
    Throwable failure =
        TestServices.awaitFailure(vertx.eventBus().request(Addresses.stage("identity"), e));
    assertTrue(failure.getMessage().contains("not a signed-in user"), failure.getMessage());
  }

  @Test
  void nicknamesAreNfcAndInvisibleOrMirroredOnesAreRefused() {
    Author tw = twitch("810", "zoe_tv");
    // "e" + combining acute is the letter é once normalized; the nickname rule accepts it.
    assertEquals(
        "Hi Zoé, that is your nickname now.", reply(send("twitch", tw, "!nick Zoe\u0301")));
    assertEquals("Zoé", speaker(send("twitch", tw, "!identity")).nickname());
    for (String bad : new String[] {"\u200B\u200D", "Zo\u202Ee", "\u2066Zoe\u2069", "\u3164"}) {
      assertEquals("Zoé", speaker(send("twitch", tw, "!nick " + bad)).nickname(), bad);
    }
  }

  @Test
  void displayNamesFromModulesGetTheCollectorsPolicy() {
    // A module over the bridge may send what no collector would: the stage cleans it too.
    Author mirrored = new Author("820", "eve", "Stream\u202Eer", List.of());
    assertEquals("Streamer", speaker(send("twitch", mirrored, "hi")).displayName());
    Author invisible = new Author("821", "\u200B", "\u200B\u2060", List.of());
    assertEquals("821", speaker(send("twitch", invisible, "hi")).displayName());
  }
}
