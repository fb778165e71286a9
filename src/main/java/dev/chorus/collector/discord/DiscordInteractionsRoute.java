package dev.chorus.collector.discord;

import dev.chorus.collector.WebhookBodies;
import dev.chorus.event.Platforms;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.module.JsonResponses;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/discord}: the interactions endpoint. Every request is verified (Ed25519
 * over timestamp ‖ body with the application's public key) by {@link DiscordInteractions}; a PING
 * is answered {@code {"type":1}}, a forged one 401 (Discord sends one when the URL is saved and
 * expects exactly that), interaction types Chorus does not handle yet 400 with a JSON error.
 */
public final class DiscordInteractionsRoute {

  private static final Logger LOG = LoggerFactory.getLogger(DiscordInteractionsRoute.class);
  public static final String PATH = "/webhooks/discord";

  private final DiscordInteractions interactions;
  private final ChorusMetrics metrics;

  public DiscordInteractionsRoute(String publicKeyHex, ChorusMetrics metrics) {
    this.interactions = new DiscordInteractions(new DiscordSignatureVerifier(publicKeyHex));
    this.metrics = metrics;
  }

  public Future<Void> mount(Router router) {
    router
        .post(PATH)
        .handler(WebhookBodies.limit(DiscordInteractions.MAX_BODY))
        .handler(this::handle)
        .failureHandler(WebhookBodies.failures(DiscordInteractions.MAX_BODY));
    return Future.succeededFuture();
  }

  private void handle(RoutingContext ctx) {
    byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    InteractionOutcome outcome = interactions.handle(ctx.request()::getHeader, body, Instant.now());
    if (outcome instanceof InteractionOutcome.Pong) {
      ctx.response()
          .setStatusCode(200)
          .putHeader("Content-Type", "application/json")
          .end(InteractionOutcome.Pong.PONG_BODY);
    } else if (outcome instanceof InteractionOutcome.Rejected r) {
      String code = r.verification().name().toLowerCase(Locale.ROOT);
      metrics.rejected(Platforms.DISCORD, code);
      LOG.info("Discord interactions: request refused: {}", code);
      JsonResponses.error(ctx, r.verification().httpStatus(), code, "invalid request signature");
    } else if (outcome instanceof InteractionOutcome.Unsupported u) {
      JsonResponses.error(
          ctx, 400, "unsupported", "interaction type " + u.type() + " is not handled");
    } else if (outcome instanceof InteractionOutcome.Malformed m) {
      metrics.rejected(Platforms.DISCORD, "malformed");
      JsonResponses.error(ctx, 400, "malformed", m.reason());
    }
  }
}
