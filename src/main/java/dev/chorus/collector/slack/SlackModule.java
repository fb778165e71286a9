package dev.chorus.collector.slack;

import dev.chorus.collector.PlatformLinks;
import dev.chorus.community.CommunityStore;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.Settings;
import dev.chorus.event.Platforms;
import dev.chorus.module.ChorusModule;
import dev.chorus.module.ModuleContext;
import dev.chorus.module.Phase;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack as a role: the Events API at {@code POST /webhooks/slack} and replies through {@code
 * chat.postMessage}. The signing secret and the bot token come from {@code
 * CHORUS_SLACK_SIGNING_SECRET} and {@code CHORUS_SLACK_BOT_TOKEN}; without them nothing is served.
 * Workspaces join communities as channel links of platform {@code slack} whose id is the team id.
 */
public final class SlackModule implements ChorusModule<Optional<SlackRoute.SlackOptions>> {

  private static final Logger LOG = LoggerFactory.getLogger(SlackModule.class);

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public String description() {
    return "Slack: Events API webhooks at /webhooks/slack, replies through chat.postMessage";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(
        ConfigKey.secret(
            "slack.signingSecret", "", "The Slack app's signing secret; empty: Slack is off"),
        ConfigKey.secret("slack.botToken", "", "The Slack app's bot token (xoxb-…)"),
        ConfigKey.of("slack.apiUrl", "https://slack.com/api", "Slack Web API base URL"),
        ConfigKey.of(
            "slack.journalTimeoutMs",
            "2000",
            "How long the log may take before the webhook answers 503 (Slack waits 3 s)"),
        ConfigKey.of("slack.seenCapacity", "100000", "Event ids remembered per instance for dedup"),
        ConfigKey.of(
            "slack.perChannelIntervalMs", "1000", "At most one message per channel per interval"),
        ConfigKey.of("slack.maxOutbound", "1000", "Replies waiting per channel"),
        ConfigKey.of("slack.maxParts", "3", "Messages a long reply is split into at most"),
        ConfigKey.of("slack.refreshMs", "30000", "How often the workspace links are re-read"),
        ConfigKey.of(
            "slack.memberFlags",
            "false",
            "Read each author's workspace admin/owner flags with users.info (scope users:read, one"
                + " call per user per 10 min) for the community's Slack role mapping"));
  }

  @Override
  public Set<Class<?>> ports() {
    return Set.of(CommunityStore.class, StateStore.class);
  }

  @Override
  public Phase phase() {
    return Phase.EDGE;
  }

  @Override
  public Optional<SlackRoute.SlackOptions> options(Settings s) {
    String secret = s.string("slack.signingSecret");
    String token = s.string("slack.botToken");
    String apiUrl = s.nonBlank("slack.apiUrl");
    s.require(
        apiUrl.startsWith("https://") || apiUrl.startsWith("http://"),
        "slack.apiUrl",
        "must be an http(s) URL");
    SlackRoute.SlackOptions options =
        new SlackRoute.SlackOptions(
            secret,
            token,
            apiUrl,
            Duration.ofMillis(s.integer("slack.journalTimeoutMs", 100, 30_000)),
            s.integer("slack.seenCapacity", 100, 10_000_000),
            Duration.ofMillis(s.integer("slack.perChannelIntervalMs", 1, 600_000)),
            s.integer("slack.maxOutbound", 1, 100_000),
            s.integer("slack.maxParts", 1, 20),
            Duration.ofMillis(s.integer("slack.refreshMs", 50, 3_600_000)),
            s.bool("slack.memberFlags"));
    if (secret.isEmpty()) {
      return Optional.empty();
    }
    s.require(!token.isEmpty(), "slack.botToken", "is required with slack.signingSecret");
    return Optional.of(options);
  }

  @Override
  public Future<Void> deploy(ModuleContext context, Optional<SlackRoute.SlackOptions> options) {
    if (options.isEmpty()) {
      LOG.info("Slack: no CHORUS_SLACK_SIGNING_SECRET; /webhooks/slack is not served");
      return Future.succeededFuture();
    }
    PlatformLinks teams = new PlatformLinks(context.port(CommunityStore.class), Platforms.SLACK);
    StateStore state = context.port(StateStore.class);
    context.http(
        (vertx, router) ->
            new SlackRoute(vertx, options.get(), teams, state, context.metrics()).mount(router));
    return Future.succeededFuture();
  }
}
