package dev.chorus.command;

import static dev.chorus.store.TestServices.await;

import dev.chorus.command.sql.SqlCommandStore;
import dev.chorus.community.CommunityStore;
import dev.chorus.community.sql.SqlCommunityStore;
import dev.chorus.event.Addresses;
import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EnvelopeCodec;
import dev.chorus.event.EventType;
import dev.chorus.event.PermissionLevel;
import dev.chorus.event.Reply;
import dev.chorus.state.StateStore;
import dev.chorus.state.inprocess.InProcessStateStore;
import dev.chorus.state.redis.RedisStateStore;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.pg.PgDatabase;
import dev.chorus.store.redis.RedisStore;
import dev.chorus.store.sql.SqlDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One Vert.x instance running the real command stage over real stores, for stage tests: send an
 * envelope to {@code chorus.stage.command}, get the next envelope back. A stand-in log consumer on
 * {@code chorus.interactions} records what the stage journals (shadow replies).
 */
final class CommandNode implements AutoCloseable {

  final Vertx vertx;
  final CommandStore store;
  final CommunityStore communities;
  final StateStore state;
  final List<Reply> journaled = new CopyOnWriteArrayList<>();
  private final List<Runnable> closers = new ArrayList<>();

  private CommandNode(
      Vertx vertx, SqlDatabase db, StateStore state, CommandModule.Options options) {
    this.vertx = vertx;
    this.store = new SqlCommandStore(db);
    this.communities = new SqlCommunityStore(db);
    this.state = state;
    EnvelopeCodec.register(vertx);
    vertx
        .eventBus()
        .<Envelope>consumer(
            Addresses.INTERACTIONS,
            m -> {
              journaled.addAll(m.body().replies());
              m.reply(new JsonArray());
            })
        .completion()
        .await();
    await(
        vertx.deployVerticle(
            new CommandVerticle(
                v -> CommandModule.engine(v, store, this.state, communities, options))));
  }

  static CommandModule.Options options() {
    return new CommandModule.Options(1, "!", Duration.ofMillis(1000), Duration.ofSeconds(30));
  }

  /** H2 in memory and in-process state. */
  static CommandNode embedded() {
    Vertx vertx = Vertx.vertx();
    H2Database db = TestServices.openH2(vertx);
    CommandNode node =
        new CommandNode(
            vertx, db.sql(), new InProcessStateStore(TestServices.newKeyPrefix()), options());
    node.closers.add(() -> await(db.close()));
    return node;
  }

  /** PostgreSQL schema and Redis key prefix shared with other nodes of the same names. */
  static CommandNode cluster(String schema, String keyPrefix) {
    Vertx vertx = Vertx.vertx();
    PgDatabase pg = TestServices.openPg(vertx, schema);
    RedisStore redis = await(RedisStore.open(vertx, TestServices.redis(keyPrefix)));
    CommandNode node =
        new CommandNode(vertx, pg.sql(), new RedisStateStore(redis.client(), keyPrefix), options());
    node.closers.add(() -> await(redis.close()));
    node.closers.add(() -> await(pg.close()));
    return node;
  }

  Envelope send(Envelope event) {
    return await(request(event));
  }

  Future<Envelope> request(Envelope event) {
    return vertx
        .eventBus()
        .<Envelope>request(Addresses.stage(CommandVerticle.NAME), event)
        .map(m -> m.body());
  }

  /** The text of the replies the stage added to {@code event}. */
  List<String> replies(Envelope event) {
    return send(event).replies().stream().map(Reply::text).toList();
  }

  static Envelope chat(String community, String text, Speaker who) {
    return chat(community, who.platform, "room", text, who);
  }

  static Envelope chat(
      String community, String platform, String channel, String text, Speaker who) {
    Envelope e =
        Envelope.accepted(
            EventType.CHAT_MESSAGE,
            community,
            platform,
            new Channel(channel, channel),
            new Author(who.platformUserId, who.name, who.name, List.of()),
            text,
            Instant.now(),
            "test");
    return e.with(
        ContextKeys.PERSON,
        new ContextKeys.Speaker(who.personId, who.name, null, who.pronouns, who.level));
  }

  /** A speaker as the identity stage would resolve them. */
  record Speaker(
      String personId,
      String name,
      String pronouns,
      PermissionLevel level,
      String platform,
      String platformUserId) {
    static Speaker viewer(String name) {
      return new Speaker("p-" + name, name, null, PermissionLevel.VIEWER, "web", "u-" + name);
    }

    static Speaker moderator(String name) {
      return new Speaker("p-" + name, name, null, PermissionLevel.MODERATOR, "web", "u-" + name);
    }

    Speaker on(String otherPlatform) {
      return new Speaker(
          personId, name, pronouns, level, otherPlatform, otherPlatform + "-" + name);
    }

    Speaker withPronouns(String p) {
      return new Speaker(personId, name, p, level, platform, platformUserId);
    }
  }

  @Override
  public void close() {
    await(
        vertx
            .undeploy(vertx.deploymentIDs().iterator().next())
            .recover(e -> Future.succeededFuture()));
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).run();
      } catch (RuntimeException e) {
        // keep closing the rest
      }
    }
    await(vertx.close());
  }
}
