package dev.chorus.knowledge;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.event.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows merges of people ({@link Addresses#PERSON_MERGED}): the facts the merged person proposed
 * or reviewed name the survivor from then on. The update is conditional on the old id, so a merge
 * delivered twice, or handled by every knowledge process of a cluster, changes the rows once. A
 * failed update (the database away) is tried again a few times, then logged with both ids.
 *
 * <p>A fact's subject stays as it is: it is the name people typed ({@code !remember @robin_tv …}),
 * and every account of the survivor keeps its login, so the fact is still found by that name.
 */
final class MergedPeople {

  static final long[] RETRY_MS = {1_000, 5_000, 30_000};
  private static final Logger LOG = LoggerFactory.getLogger(MergedPeople.class);

  private MergedPeople() {}

  static MessageConsumer<Object> follow(Vertx vertx, Knowledge knowledge) {
    return vertx
        .eventBus()
        .consumer(
            Addresses.PERSON_MERGED,
            msg -> {
              if (!(msg.body() instanceof JsonObject body)) {
                LOG.warn("person merge without a JSON body ignored: {}", msg.body());
                return;
              }
              String community = body.getValue("community") instanceof String s ? s : null;
              String from = body.getValue("from") instanceof String s ? s : null;
              String into = body.getValue("into") instanceof String s ? s : null;
              if (blank(community) || blank(from) || blank(into)) {
                LOG.warn("person merge without community, from or into ignored: {}", body);
                return;
              }
              apply(vertx, knowledge, community, from, into, 0);
            });
  }

  static Future<Integer> apply(
      Vertx vertx, Knowledge knowledge, String community, String from, String into, int attempt) {
    return knowledge
        .store()
        .reassignPerson(community, from, into)
        .compose(
            changed -> {
              if (changed > 0) {
                LOG.info(
                    "{} facts of person {} now name {} ({})",
                    changed,
                    kv("from", from),
                    kv("into", into),
                    kv("community", community));
                return knowledge.changed(community, changed);
              }
              return Future.succeededFuture(changed);
            })
        .recover(
            err -> {
              if (attempt >= RETRY_MS.length) {
                LOG.error(
                    "facts of merged person {} not moved to {} ({}): {}",
                    kv("from", from),
                    kv("into", into),
                    kv("community", community),
                    err.toString());
                return Future.failedFuture(err);
              }
              io.vertx.core.Promise<Integer> again = io.vertx.core.Promise.promise();
              vertx.setTimer(
                  RETRY_MS[attempt],
                  t ->
                      apply(vertx, knowledge, community, from, into, attempt + 1)
                          .onComplete(again));
              return again.future();
            });
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
