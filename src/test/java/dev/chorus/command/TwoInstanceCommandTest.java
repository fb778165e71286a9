package dev.chorus.command;

import static dev.chorus.command.CommandNode.chat;
import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.command.CommandNode.Speaker;
import dev.chorus.event.Envelope;
import dev.chorus.event.Reply;
import dev.chorus.store.TestServices;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Vert.x instances, each with its own command stage, sharing PostgreSQL and Redis as a cluster
 * deployment does: one cooldown and one timer period hold across both, exactly.
 */
class TwoInstanceCommandTest {

  static final String SCHEMA = TestServices.newSchema();
  static final String PREFIX = TestServices.newKeyPrefix();
  static CommandNode a;
  static CommandNode b;

  @BeforeAll
  static void start() {
    a = CommandNode.cluster(SCHEMA, PREFIX);
    b = CommandNode.cluster(SCHEMA, PREFIX);
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    TestServices.dropSchema(SCHEMA);
  }

  /** Sends {@code perNode} messages to each node at once, from distinct people; all replies. */
  static List<String> burst(String community, String text, int perNode) {
    List<Future<Envelope>> all = new ArrayList<>();
    for (int i = 0; i < perNode; i++) {
      all.add(a.request(chat(community, text, Speaker.viewer("a" + i))));
      all.add(b.request(chat(community, text, Speaker.viewer("b" + i))));
    }
    await(Future.all(all));
    List<String> replies = new ArrayList<>();
    for (Future<Envelope> f : all) {
      f.result().replies().stream().map(Reply::text).forEach(replies::add);
    }
    return replies;
  }

  @Test
  void aThousandConcurrentInvocationsRespectOneCooldownExactly() {
    await(
        a.store.putCommand(
            new CustomCommand(
                "race",
                "drop",
                "the drop",
                CommandPolicy.OPEN.withCooldowns(3600, 0),
                true,
                "",
                "test",
                Instant.now())));
    List<String> replies = burst("race", "!drop", 500);
    assertEquals(1, replies.stream().filter("the drop"::equals).count(), replies.toString());
    assertEquals(
        1,
        replies.stream().filter(r -> r.startsWith("!drop is on cooldown")).count(),
        "the cooldown is said once per window");
    assertEquals(2, replies.size());
  }

  @Test
  void aTimerFiresOncePerPeriodAcrossInstances() {
    await(a.store.putTimer(new CommandTimer("timers", "socials", "Follow us!", 3600, 1, true)));
    List<String> replies = burst("timers", "some chat", 300);
    assertEquals(List.of("Follow us!"), replies);
    assertEquals(List.of(), burst("timers", "more chat", 50), "not again within the period");
  }

  @Test
  void countersAreAtomicAcrossInstances() {
    List<Future<Envelope>> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add(a.request(chat("count", "!count hits +1", Speaker.moderator("m" + i))));
      all.add(b.request(chat("count", "!count hits +1", Speaker.moderator("n" + i))));
    }
    await(Future.all(all));
    assertEquals(200L, await(a.store.counter("count", "hits")));
  }
}
