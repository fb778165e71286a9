package dev.chorus.knowledge;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.embedding.Embedder;
import dev.chorus.embedding.minilm.MiniLmEmbedder;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.PermissionLevel;
import dev.chorus.knowledge.sql.SqlFactStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The knowledge stage on a real H2 fact store, a Lucene index in a temp dir and MiniLM. */
class KnowledgeStageTest {

  private static final Embedder EMBEDDER = MiniLmEmbedder.shared();
  private static final Pattern SHORT_ID = Pattern.compile("#([0-9a-f]{8})");

  @TempDir Path dir;
  private Vertx vertx;
  private SqlFixture db;
  private FactStore store;
  private KnowledgeNode node;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db = SqlFixture.h2();
    store = new SqlFactStore(db.open(vertx));
    node = new KnowledgeNode(vertx, store, EMBEDDER, dir.resolve("a"));
  }

  @AfterEach
  void stop() {
    node.close();
    db.close();
    await(vertx.close());
  }

  private static String shortId(String reply) {
    Matcher m = SHORT_ID.matcher(reply);
    assertTrue(m.find(), "no fact id in: " + reply);
    return m.group(1);
  }

  @Test
  void taughtFactWaitsForReviewAndIsFoundOnceApproved() {
    String taught = node.viewer("demo", "!remember The stream starts at 7pm CET on weekdays");
    assertTrue(taught.contains("waits for a moderator"), taught);
    String id = shortId(taught);
    assertEquals(
        "I know nothing about that.", node.viewer("demo", "!ask when does the stream start"));

    String pending = node.mod("demo", "!facts pending");
    assertTrue(pending.contains("#" + id) && pending.contains("7pm CET"), pending);
    assertEquals("Only moderators can review facts.", node.viewer("demo", "!facts approve " + id));
    assertEquals("Approved #" + id + ".", node.mod("demo", "!facts approve " + id));
    assertEquals("No pending fact #" + id + ".", node.mod("demo", "!facts approve " + id));

    Envelope asked =
        node.process(
            KnowledgeNode.message(
                "demo", "v2", PermissionLevel.VIEWER, "!ask when does the stream start?"));
    String answer = asked.replies().get(0).text();
    assertTrue(answer.startsWith("The stream starts at 7pm CET"), answer);
    assertTrue(answer.endsWith("(fact #" + id + ")"), answer);
    ContextKeys.Facts facts = asked.get(ContextKeys.FACTS).orElseThrow();
    assertTrue(facts.items().get(0).id().endsWith(id));
    assertTrue(facts.items().get(0).score() > 0);
  }

  @Test
  void rejectedAndForgottenFactsNeverReturn() {
    String rejected = shortId(node.viewer("demo", "!remember The secret password is swordfish"));
    assertEquals("Rejected #" + rejected + ".", node.mod("demo", "!facts reject " + rejected));
    String kept = shortId(node.mod("demo", "!remember Emotes were drawn by Pixelfox"));
    assertTrue(node.viewer("demo", "!ask who drew the emotes").contains(kept));
    assertEquals(
        "Only moderators can make me forget a fact.", node.viewer("demo", "!forget " + kept));
    assertEquals("Forgotten #" + kept + ".", node.mod("demo", "!forget " + kept));
    assertEquals("No fact #" + kept + ".", node.mod("demo", "!forget " + kept));
    assertEquals("I know nothing about that.", node.viewer("demo", "!ask who drew the emotes"));
    assertEquals(
        "I know nothing about that.",
        node.viewer("demo", "!ask what is the secret password swordfish"));
    assertTrue(
        await(node.knowledge.search().search("demo", "swordfish emotes Pixelfox", 10, Set.of()))
            .items()
            .isEmpty());
  }

  @Test
  void moderatorsTeachDirectlyAndAViewerWaits() {
    String byMod = node.mod("demo", "!remember @alice draws the channel emotes");
    assertTrue(byMod.startsWith("Got it"), byMod);
    Fact f = await(store.list("demo", Fact.Status.APPROVED, 10)).get(0);
    assertEquals("alice", f.subject());
    assertEquals("person-mod1", f.proposedBy());
    assertTrue(f.source().startsWith("chat:"));
    assertEquals("Usage: !remember [@user] <fact>", node.viewer("demo", "!remember   "));
    assertEquals("Usage: !remember @user <fact about them>", node.viewer("demo", "!remember @bob"));
    assertTrue(node.viewer("demo", "!remember " + "x".repeat(501)).startsWith("That is too long"));
    assertEquals(1, await(store.list("demo", null, 10)).size(), "refused input stores nothing");
  }

  @Test
  void theSameMessageHandledTwiceTeachesOnce() {
    Envelope e =
        KnowledgeNode.message(
            "demo", "v", PermissionLevel.VIEWER, "!remember Raids go to friendly channels");
    String first = node.process(e).replies().get(0).text();
    String again = node.process(e).replies().get(0).text();
    assertEquals(first, again);
    assertEquals(1, await(store.list("demo", null, 10)).size());
  }

  @Test
  void aCommunitysFactsNeverAppearInAnothersSearch() {
    node.mod("one", "!remember The community garden meets on Sundays");
    node.mod("two", "!remember Tournament signups close Friday");
    assertEquals(
        "I know nothing about that.",
        node.viewer("two", "!ask when does the community garden meet"));
    assertTrue(node.viewer("one", "!ask when does the community garden meet").contains("Sundays"));
    for (String q : List.of("garden Sundays", "tournament signups Friday", "when")) {
      for (var hit : await(node.knowledge.search().search("two", q, 10, Set.of())).items()) {
        assertEquals("two", hit.community(), q);
      }
    }
  }

  @Test
  void aQuestionSharingNoWordFindsItsFactByMeaning() {
    node.mod("demo", "!remember The broadcast begins at eight in the evening");
    node.mod("demo", "!remember Giveaways need a linked Discord account");
    node.mod("demo", "!remember The bot was written in Java");
    String question = "what time does the show go live?";
    assertTrue(
        await(
                node.knowledge
                    .search()
                    .search("demo", question, 5, Set.of(), KnowledgeSearch.Mode.KEYWORD))
            .items()
            .isEmpty(),
        "the question shares no word with the fact");
    assertTrue(node.viewer("demo", "!ask " + question).startsWith("The broadcast begins at eight"));
  }

  @Test
  void anExactRareNameFindsItsFact() {
    node.mod("demo", "!remember Zorblax is the raid boss on our Minecraft server");
    node.mod("demo", "!remember The Minecraft server resets every season");
    node.mod("demo", "!remember Raid nights are on Thursdays");
    var keyword =
        await(
                node.knowledge
                    .search()
                    .search("demo", "zorblax", 3, Set.of(), KnowledgeSearch.Mode.KEYWORD))
            .items();
    assertEquals(1, keyword.size());
    assertTrue(node.viewer("demo", "!ask zorblax?").startsWith("Zorblax is the raid boss"));
  }

  @Test
  void factsAboutTheSpeakerOrTheNamedPersonComeFirst() {
    node.mod("demo", "!remember @alice favourite game is Celeste");
    node.mod("demo", "!remember @bob favourite game is Hades");
    String alice =
        node.say("demo", "alice", PermissionLevel.VIEWER, "!ask what is my favourite game?");
    assertTrue(alice.contains("Celeste"), alice);
    String bob =
        node.say("demo", "alice", PermissionLevel.VIEWER, "!ask what is @bob favourite game?");
    assertTrue(bob.contains("Hades"), bob);
  }

  @Test
  void aMessageAddressedToTheBotGetsFactsButNoReply() {
    node.mod("demo", "!remember The stream schedule is Monday, Wednesday and Friday");
    Envelope out =
        node.process(
            KnowledgeNode.message(
                "demo", "v", PermissionLevel.VIEWER, "@chorus what is the stream schedule?"));
    assertTrue(out.replies().isEmpty());
    ContextKeys.Facts facts = out.get(ContextKeys.FACTS).orElseThrow();
    assertTrue(facts.items().get(0).text().contains("Monday"));
    Envelope comma =
        node.process(
            KnowledgeNode.message("demo", "v", PermissionLevel.VIEWER, "Chorus, stream schedule?"));
    assertTrue(comma.get(ContextKeys.FACTS).isPresent());
  }

  @Test
  void plainMessagesAndOtherCommandsPassUnchanged() {
    node.mod("demo", "!remember The stream schedule is Monday, Wednesday and Friday");
    for (String text :
        List.of("hello everyone", "stream schedule", "!ping", "!so @friend", "chorusfan says hi")) {
      Envelope in = KnowledgeNode.message("demo", "v", PermissionLevel.VIEWER, text);
      assertEquals(in, node.process(in), text);
    }
    assertEquals("Usage: !ask <question>", node.viewer("demo", "!ask"));
    assertTrue(node.mod("demo", "!facts").startsWith("Usage: !facts"));
    assertEquals("No pending fact #zzz.", node.mod("demo", "!facts approve zzz"));
    assertEquals("No pending fact #00000000.", node.mod("demo", "!facts approve 00000000"));
    assertEquals("No facts are waiting for review.", node.mod("demo", "!facts pending"));
  }

  @Test
  void restartResumesTheIndexAndAFreshDirectoryIsRebuiltFromTheStore() {
    String id = shortId(node.mod("demo", "!remember Subscriber emotes unlock at tier two"));
    node.close();
    node = new KnowledgeNode(vertx, store, EMBEDDER, dir.resolve("a"));
    node.sync();
    assertFalse(node.knowledge.follower().index().startedEmpty(), "same model: resumed");
    assertTrue(node.viewer("demo", "!ask when do subscriber emotes unlock").contains(id));
    node.close();
    node = new KnowledgeNode(vertx, store, EMBEDDER, dir.resolve("fresh"));
    node.sync();
    assertTrue(node.knowledge.follower().index().startedEmpty());
    assertTrue(node.viewer("demo", "!ask when do subscriber emotes unlock").contains(id));
  }

  @Test
  void twoInstancesAnswerAlike() {
    try (KnowledgeNode other = new KnowledgeNode(vertx, store, EMBEDDER, dir.resolve("b"))) {
      node.mod("demo", "!remember Clips are reviewed every Sunday");
      String pending = shortId(other.viewer("demo", "!remember Mods are chosen by the streamer"));
      other.mod("demo", "!facts approve " + pending);
      node.sync();
      other.sync();
      for (String q :
          List.of(
              "!ask when are clips reviewed",
              "!ask who picks the mods",
              "!ask how tall is the moon")) {
        assertEquals(node.viewer("demo", q), other.viewer("demo", q), q);
      }
      assertNotNull(other.viewer("demo", "!ask clips"));
    }
  }

  @Test
  void noFactTellsIKnowNothing() {
    assertEquals(
        "I know nothing about that.", node.viewer("empty", "!ask what is the meaning of life"));
    assertNull(
        node.process(KnowledgeNode.message("empty", "v", PermissionLevel.VIEWER, "@chorus hi"))
            .get(ContextKeys.FACTS)
            .orElse(null));
  }
}
