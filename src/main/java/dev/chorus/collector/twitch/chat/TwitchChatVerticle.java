package dev.chorus.collector.twitch.chat;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.chorus.collector.Backoff;
import dev.chorus.collector.ConnectionIngest;
import dev.chorus.collector.IngestClient;
import dev.chorus.collector.RateLimitedQueue;
import dev.chorus.collector.ReplyInbox;
import dev.chorus.collector.ReplyThreads;
import dev.chorus.collector.TextSplitter;
import dev.chorus.collector.twitch.ChannelDirectory;
import dev.chorus.collector.twitch.TwitchControl;
import dev.chorus.collector.twitch.TwitchIrcNormalizer;
import dev.chorus.collector.twitch.irc.IrcCommands;
import dev.chorus.collector.twitch.irc.IrcFormatException;
import dev.chorus.collector.twitch.irc.IrcMessage;
import dev.chorus.collector.twitch.irc.IrcParser;
import dev.chorus.event.Delivery;
import dev.chorus.event.Ids;
import dev.chorus.event.Platforms;
import dev.chorus.metrics.ChorusMetrics;
import dev.chorus.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Twitch chat collector: one IRC connection (TCP, optionally TLS, or WebSocket: {@link
 * ChatTransport}) for the bot account, joined to the channels communities linked, turning chat
 * lines into events and replies into {@code PRIVMSG}s.
 *
 * <ul>
 *   <li>Login: {@code CAP REQ} of the Twitch capabilities, {@code PASS oauth:…}, {@code NICK};
 *       {@code CAP END} after the server's ACK or NAK (refused capabilities are done without:
 *       standard IRC servers refuse {@code twitch.tv/*}). Registered at {@code 001}.
 *   <li>Lines go through {@link IrcParser} and {@link TwitchIrcNormalizer} into the {@link
 *       IngestClient}; {@code PING} is answered, {@code RECONNECT} and a silent connection
 *       reconnect, with jittered exponential backoff ({@link Backoff}) on every drop, and every
 *       channel is joined again.
 *   <li>Joins and messages wait in {@link RateLimitedQueue}s metered by {@link AccountLimits}, one
 *       bucket per bot account in the state store, so several nodes sending as one account stay
 *       within Twitch's limits together. A drop loses nothing still queued.
 *   <li>Which channels this instance is in: every linked one ({@link ChannelDirectory}), or with
 *       leases those it holds ({@link ChannelLeases}); both re-read every {@code refresh}.
 * </ul>
 */
public final class TwitchChatVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TwitchChatVerticle.class);

  private final ChatToken token;
  private final TwitchChatOptions options;
  private final ChannelDirectory directory;
  private final StateStore state;
  private final ChorusMetrics metrics;
  private final Backoff backoff;
  private final ReplyThreads threads = new ReplyThreads();

  private IngestClient ingest;
  private TwitchIrcNormalizer normalizer;
  private ConnectionIngest events;
  private ChannelLeases leases;
  private ChatTransport transport;
  private ChatTransport.Link socket;
  private boolean registered;
  private boolean stopping;
  private long reconnectTimer = -1;
  private long lastInput;
  private volatile int failedConnects;
  private ChannelMembership channels;
  private RateLimitedQueue<String> joins;
  private RateLimitedQueue<Outgoing> messages;

  /** One PRIVMSG waiting for the rate limit. */
  record Outgoing(String login, String line, String deliveryId) {}

  public TwitchChatVerticle(
      TwitchChatOptions options,
      ChannelDirectory directory,
      StateStore state,
      ChorusMetrics metrics) {
    this(options, directory, state, metrics, ChatToken.fixed(options.token()));
  }

  /**
   * @param token where each connection gets its token (a refreshed one, or {@code options.token()})
   */
  public TwitchChatVerticle(
      TwitchChatOptions options,
      ChannelDirectory directory,
      StateStore state,
      ChorusMetrics metrics,
      ChatToken token) {
    this.token = Objects.requireNonNull(token, "token");
    this.options = Objects.requireNonNull(options, "options");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.state = Objects.requireNonNull(state, "state");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.backoff = new Backoff(options.backoffMin(), options.backoffMax());
  }

  /** This instance's id: its egress address suffix and its lease holder name. */
  public String origin() {
    return ingest.origin();
  }

  /** Connections that could not be made (refused, TLS handshake failed) since start. */
  int failedConnects() {
    return failedConnects;
  }

  @Override
  public Future<?> start() {
    ingest = new IngestClient(vertx, metrics, Ids.next(), options.journalTimeout());
    normalizer = new TwitchIrcNormalizer(directory, ingest.origin());
    events = new ConnectionIngest(vertx, ingest, metrics);
    AccountLimits limits = new AccountLimits(state, options);
    joins =
        RateLimitedQueue.sync(
            vertx, 10_000, () -> registered, login -> limits.join(), this::writeJoin);
    channels = new ChannelMembership(options.login(), joins);
    messages =
        RateLimitedQueue.sync(
            vertx,
            options.maxOutbound(),
            () -> registered,
            out -> limits.message(channels.privileged(out.login())),
            this::writeMessage);
    if (!options.leaseTtl().isZero()) {
      leases = new ChannelLeases(state, ingest.origin(), options.leaseTtl());
    }
    transport = ChatTransport.create(vertx, options);
    return ReplyInbox.open(vertx, Platforms.TWITCH, ingest.origin(), this::say)
        .compose(inbox -> refreshChannels().recover(e -> Future.succeededFuture()))
        .onSuccess(
            v -> {
              vertx.setPeriodic(options.refresh().toMillis(), id -> refreshChannels());
              long ping = options.ping().toMillis();
              vertx.setPeriodic(ping, id -> keepAlive(ping));
              connect();
            });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    joins.cancel();
    messages.cancel();
    Future<Void> released =
        leases == null ? Future.succeededFuture() : leases.releaseAll().mapEmpty();
    ChatTransport.Link s = socket;
    return released
        .recover(e -> Future.succeededFuture())
        .andThen(
            v -> {
              if (s != null) {
                s.close();
              }
            })
        .compose(v -> transport.close());
  }

  // ---- connection ----

  private void connect() {
    reconnectTimer = -1;
    if (stopping) {
      return;
    }
    token
        .current()
        .onFailure(
            e -> {
              LOG.warn("Twitch chat: no token to log in with: {}", e.getMessage());
              reconnectLater();
            })
        .onSuccess(current -> connect(current));
  }

  private void connect(String current) {
    if (stopping) {
      return;
    }
    transport
        .connect(
            new ChatTransport.Events() {
              @Override
              public void line(ChatTransport.Link link, String line) {
                if (socket == link) {
                  onLine(line);
                }
              }

              @Override
              public void closed(ChatTransport.Link link) {
                disconnected(link);
              }
            })
        .onSuccess(s -> connected(s, current))
        .onFailure(
            e -> {
              failedConnects++;
              LOG.warn("Twitch chat: cannot connect to {}: {}", transport.target(), e.getMessage());
              reconnectLater();
            });
  }

  private void connected(ChatTransport.Link s, String current) {
    socket = s;
    lastInput = System.nanoTime();
    s.write(IrcCommands.capReq(options.capabilities()));
    s.write(IrcCommands.pass(current));
    s.write(IrcCommands.nick(options.login()));
    s.write(IrcCommands.user(options.login()));
  }

  private void disconnected(ChatTransport.Link s) {
    if (socket != s) {
      return;
    }
    socket = null;
    registered = false;
    channels.reset();
    if (!stopping) {
      LOG.info("Twitch chat: disconnected from {}", transport.target());
      reconnectLater();
    }
  }

  private void reconnectLater() {
    if (stopping || reconnectTimer >= 0) {
      return;
    }
    long delay = backoff.nextDelayMs();
    LOG.info("Twitch chat: reconnecting in {} ms (attempt {})", delay, backoff.attempts());
    reconnectTimer = vertx.setTimer(delay, id -> connect());
  }

  /** Pings a silent server, and drops a connection silent for twice the interval. */
  private void keepAlive(long pingMs) {
    ChatTransport.Link s = socket;
    if (s == null) {
      return;
    }
    long silentMs = (System.nanoTime() - lastInput) / 1_000_000;
    if (silentMs > 2 * pingMs) {
      LOG.warn("Twitch chat: no answer for {} ms; reconnecting", silentMs);
      s.close();
    } else if (silentMs >= pingMs) {
      s.write("PING :chorus\r\n");
    }
  }

  // ---- reading ----

  private void onLine(String line) {
    lastInput = System.nanoTime();
    IrcMessage m;
    try {
      m = IrcParser.parse(line);
    } catch (IrcFormatException e) {
      LOG.debug("Twitch chat: unreadable line ignored: {}", e.getMessage());
      return;
    }
    switch (m.command()) {
      case "CAP" -> capability(m);
      case "001" -> welcome();
      case "JOIN" -> channels.membership(channelOf(m), m, true);
      case "PART" -> channels.membership(channelOf(m), m, false);
      case "USERSTATE" -> channels.userState(channelOf(m), m);
      case "PONG" -> {}
      default -> normalized(m);
    }
  }

  private void capability(IrcMessage m) {
    String verb = m.param(1);
    if ("ACK".equals(verb)) {
      LOG.info("Twitch chat: capabilities granted: {}", m.trailing());
    } else if ("NAK".equals(verb)) {
      LOG.warn(
          "Twitch chat: the server refused capabilities {}; carrying on without them (chat lines"
              + " without tags carry no user or message id and are ignored)",
          m.trailing());
    } else {
      return;
    }
    if (socket != null) {
      socket.write("CAP END\r\n");
    }
  }

  private void welcome() {
    registered = true;
    backoff.reset();
    LOG.info("Twitch chat: logged in as {} on {}", options.login(), options.host());
    reconcile();
    messages.kick();
  }

  private void normalized(IrcMessage m) {
    TwitchIrcNormalizer.Result result = normalizer.normalize(m, Instant.now());
    if (result instanceof TwitchIrcNormalizer.Accepted accepted) {
      if (m.is("PRIVMSG") && accepted.envelope().channel() != null) {
        threads.remember(accepted.envelope().id(), accepted.envelope().channel().id(), m.tag("id"));
      }
      events.ingest(accepted.envelope());
    } else if (result instanceof TwitchIrcNormalizer.Control control) {
      control(control.control());
    } else if (result instanceof TwitchIrcNormalizer.Ignored ignored) {
      LOG.debug("Twitch chat: line ignored: {}", ignored.reason());
    }
  }

  private void control(TwitchControl control) {
    if (control instanceof TwitchControl.Ping ping) {
      if (socket != null) {
        socket.write(IrcCommands.pong(ping.token()));
      }
    } else if (control instanceof TwitchControl.Reconnect) {
      LOG.info("Twitch chat: the server asked to reconnect");
      if (socket != null) {
        socket.close();
      }
    } else if (control instanceof TwitchControl.RoomState room) {
      directory.learn(room.roomId(), room.login());
    } else if (control instanceof TwitchControl.Notice notice) {
      notice(notice);
    }
  }

  private void notice(TwitchControl.Notice notice) {
    String text = notice.text();
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (notice.login() == null
        && (lower.contains("authentication failed")
            || lower.contains("improperly formatted auth"))) {
      LOG.error("Twitch chat: login refused for {}: {}", options.login(), text);
      token.refused();
      if (socket != null) {
        socket.close();
      }
      return;
    }
    if (notice.login() != null && notice.msgId() != null && notice.msgId().startsWith("msg_")) {
      channels.refused(notice.login()); // e.g. msg_channel_suspended answers a JOIN
    }
    LOG.info(
        "Twitch chat: notice {} in {}: {}",
        notice.msgId(),
        notice.login() == null ? "*" : "#" + notice.login(),
        text);
  }

  // ---- channels ----

  private Future<Void> refreshChannels() {
    return directory
        .refresh()
        .compose(
            linked ->
                leases == null
                    ? Future.succeededFuture(linked.keySet())
                    : leases.claim(linked.keySet()))
        .onSuccess(
            held -> {
              channels.want(held);
              reconcile();
            })
        .onFailure(e -> LOG.warn("Twitch chat: channel refresh failed: {}", e.getMessage()))
        .mapEmpty();
  }

  /** Joins what is wanted and not joined, parts what is joined and no longer wanted. */
  private void reconcile() {
    if (registered && socket != null) {
      ChatTransport.Link s = socket;
      channels.reconcile(s::write);
    }
  }

  private boolean writeJoin(String login) {
    if (socket == null || !registered) {
      return false;
    }
    socket.write(IrcCommands.join(Set.of(login)));
    return true;
  }

  // ---- replies ----

  private void say(Delivery delivery) {
    String login = directory.loginOf(delivery.channel());
    if (login == null) {
      LOG.warn(
          "Twitch chat: reply {} to {}: no linked channel {}",
          delivery.id(),
          kv("eventId", delivery.inReplyTo()),
          delivery.channel());
      metrics.rejected(Platforms.TWITCH, "reply_no_channel");
      return;
    }
    String parent = threads.parentOf(delivery);
    for (String part :
        TextSplitter.split(delivery.text(), IrcCommands.MAX_TEXT, options.maxParts())) {
      Outgoing out;
      try {
        out = new Outgoing(login, line(login, parent, part), delivery.id());
      } catch (IllegalArgumentException e) {
        LOG.warn("Twitch chat: reply {} not sendable: {}", delivery.id(), e.getMessage());
        continue;
      }
      if (!messages.offer(out)) {
        LOG.warn(
            "Twitch chat: reply {} to {} dropped: {} replies are waiting for the rate limit",
            delivery.id(),
            kv("eventId", delivery.inReplyTo()),
            messages.size());
        metrics.rejected(Platforms.TWITCH, "reply_queue_full");
        return;
      }
    }
  }

  /** A reply in the thread of the message it answers when there is one, else a plain message. */
  private static String line(String login, String parent, String text) {
    if (parent != null) {
      try {
        return IrcCommands.reply(login, parent, text);
      } catch (IllegalArgumentException e) {
        LOG.debug("Twitch chat: parent message id {} not usable: {}", parent, e.getMessage());
      }
    }
    return IrcCommands.privmsg(login, text);
  }

  private boolean writeMessage(Outgoing out) {
    if (socket == null || !registered) {
      return false;
    }
    socket.write(out.line());
    LOG.debug("Twitch chat: reply {} sent to #{}", out.deliveryId(), out.login());
    return true;
  }

  private static String channelOf(IrcMessage m) {
    String channel = m.param(0);
    return channel != null && channel.length() > 1 && channel.charAt(0) == '#'
        ? channel.substring(1)
        : null;
  }
}
