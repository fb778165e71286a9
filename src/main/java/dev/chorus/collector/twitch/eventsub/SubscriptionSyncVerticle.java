package dev.chorus.collector.twitch.eventsub;

import dev.chorus.collector.twitch.ChannelDirectory;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientOptions;
import java.time.Duration;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the EventSub subscriptions of every linked broadcaster in place: at start and every {@code
 * every}, reads the channel links and lets {@link HelixSubscriptions} create what is missing (a
 * newly linked channel, a subscription Twitch revoked or failed). Twitch answers 409 to a
 * duplicate, so two nodes syncing at once cost a logged warning, not a second subscription.
 */
public final class SubscriptionSyncVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionSyncVerticle.class);

  private final ChannelDirectory directory;
  private final EventSubModule.Helix helix;
  private final String secret;
  private final Duration every;
  private HelixSubscriptions subscriptions;
  private boolean running;

  public SubscriptionSyncVerticle(
      ChannelDirectory directory, EventSubModule.Helix helix, String secret, Duration every) {
    this.directory = directory;
    this.helix = helix;
    this.secret = secret;
    this.every = every;
  }

  @Override
  public Future<?> start() {
    subscriptions =
        new HelixSubscriptions(
            vertx.createHttpClient(new HttpClientOptions()),
            helix.url(),
            helix.clientId(),
            helix.appToken(),
            helix.callbackUrl(),
            secret);
    vertx.setPeriodic(1, every.toMillis(), id -> sync());
    return Future.succeededFuture();
  }

  private void sync() {
    if (running) {
      return;
    }
    running = true;
    directory
        .refresh()
        .compose(
            linked ->
                subscriptions.sync(
                    linked.values().stream()
                        .map(ChannelDirectory.Linked::roomId)
                        .filter(id -> !id.isEmpty() && id.chars().allMatch(Character::isDigit))
                        .collect(Collectors.toSet())))
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed()) {
                LOG.warn("EventSub: subscription sync failed: {}", ar.cause().getMessage());
              } else if (ar.result() > 0) {
                LOG.info("EventSub: {} subscriptions created", ar.result());
              }
            });
  }
}
