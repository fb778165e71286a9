package dev.chorus.collector.twitch.chat;

import static dev.chorus.store.TestServices.await;

import dev.chorus.collector.twitch.irc.IrcFormatException;
import dev.chorus.collector.twitch.irc.IrcMessage;
import dev.chorus.collector.twitch.irc.IrcParser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A local peer speaking Twitch chat's IRC dialect on a Vert.x {@code NetServer} (port 0): {@code
 * CAP REQ} answered ACK (or NAK, as standard servers answer {@code twitch.tv/*}), {@code
 * PASS}/{@code NICK} checked against the expected token and answered with Twitch's welcome numerics
 * or its login failure notice, {@code JOIN} echoed with {@code USERSTATE} and {@code ROOMSTATE},
 * {@code PING} answered, and chat lines sent with the tags Twitch sets ({@code id}, {@code
 * tmi-sent-ts}, {@code room-id}, {@code user-id} …). Records every line it receives with its
 * arrival time.
 */
final class FakeTwitchIrc implements AutoCloseable {

  /** One line received from a client. */
  record Received(int connection, long nanos, IrcMessage message) {}

  private final Vertx vertx = Vertx.vertx();
  private final NetServer server;
  private final HttpServer webSockets;
  private final boolean secure;
  private final ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();
  private final String token;
  private final Map<String, String> rooms;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final List<Client> clients = new CopyOnWriteArrayList<>();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean nak;
  private volatile boolean moderator;

  final class Client {
    final int number;
    final NetSocket socket;
    final ServerWebSocket webSocket;
    final Set<String> channels = ConcurrentHashMap.newKeySet();
    volatile String nick;
    volatile String pass;
    volatile boolean welcomed;

    Client(int number, NetSocket socket, ServerWebSocket webSocket) {
      this.number = number;
      this.socket = socket;
      this.webSocket = webSocket;
    }

    void send(String line) {
      sendFrame(line);
    }

    /** Several lines together: over TCP one after the other, over a WebSocket in one frame. */
    void sendFrame(String... lines) {
      String text = String.join("\r\n", lines) + "\r\n";
      if (webSocket != null) {
        webSocket.writeTextMessage(text);
      } else {
        socket.write(text);
      }
    }

    void close() {
      if (webSocket != null) {
        webSocket.close();
      } else {
        socket.close();
      }
    }
  }

  /**
   * @param rooms channel login → room id
   */
  FakeTwitchIrc(String token, Map<String, String> rooms) {
    this(token, rooms, new NetServerOptions());
  }

  /**
   * @param options the server's options, e.g. TLS with a certificate
   */
  FakeTwitchIrc(String token, Map<String, String> rooms, NetServerOptions options) {
    this.token = token;
    this.rooms = rooms;
    this.secure = options.isSsl();
    this.server =
        await(vertx.createNetServer(options).connectHandler(this::accept).listen(0, "127.0.0.1"));
    this.webSockets =
        await(
            vertx
                .createHttpServer(
                    new HttpServerOptions()
                        .setSsl(options.isSsl())
                        .setKeyCertOptions(options.getKeyCertOptions()))
                .webSocketHandler(this::acceptWebSocket)
                .listen(0, "127.0.0.1"));
  }

  /** The same dialect over WebSocket, as {@code wss://irc-ws.chat.twitch.tv} speaks it. */
  String webSocketUrl() {
    return (secure ? "wss" : "ws") + "://localhost:" + webSockets.actualPort() + "/";
  }

  /** Text frames received over WebSocket, as sent. */
  List<String> frames() {
    return List.copyOf(frames);
  }

  private void acceptWebSocket(ServerWebSocket ws) {
    Client client = new Client((int) connections.incrementAndGet(), null, ws);
    clients.add(client);
    ws.closeHandler(v -> clients.remove(client));
    ws.textMessageHandler(
        text -> {
          frames.add(text);
          for (String line : text.split("\r\n")) {
            if (!line.isEmpty()) {
              receive(client, line);
            }
          }
        });
  }

  int port() {
    return server.actualPort();
  }

  /** Refuse every capability from now on. */
  void refuseCapabilities() {
    nak = true;
  }

  /** The bot is a moderator in every channel it joins from now on. */
  void makeModerator() {
    moderator = true;
  }

  private void accept(NetSocket socket) {
    Client client = new Client((int) connections.incrementAndGet(), socket, null);
    clients.add(client);
    socket.closeHandler(v -> clients.remove(client));
    socket.handler(RecordParser.newDelimited("\r\n", buffer -> receive(client, buffer.toString())));
  }

  private void receive(Client client, String line) {
    IrcMessage m;
    try {
      m = IrcParser.parse(line);
    } catch (IrcFormatException e) {
      client.send(":tmi.twitch.tv 421 * WHAT :Unknown command");
      return;
    }
    received.add(new Received(client.number, System.nanoTime(), m));
    answer(client, m);
  }

  private void answer(Client client, IrcMessage m) {
    switch (m.command()) {
      case "CAP" -> {
        if ("REQ".equals(m.param(0))) {
          client.send(":tmi.twitch.tv CAP * " + (nak ? "NAK" : "ACK") + " :" + m.trailing());
        }
      }
      case "PASS" -> client.pass = m.param(0);
      case "NICK" -> {
        client.nick = m.param(0);
        if (!("oauth:" + token).equals(client.pass)) {
          client.send(":tmi.twitch.tv NOTICE * :Login authentication failed");
          client.close();
          return;
        }
        client.welcomed = true;
        String nick = client.nick;
        client.sendFrame(
            ":tmi.twitch.tv 001 " + nick + " :Welcome, GLHF!",
            ":tmi.twitch.tv 002 " + nick + " :Your host is tmi.twitch.tv",
            ":tmi.twitch.tv 375 " + nick + " :-",
            ":tmi.twitch.tv 376 " + nick + " :>");
      }
      case "JOIN" -> {
        for (String channel : m.param(0).split(",")) {
          String login = channel.substring(1);
          client.channels.add(login);
          String nick = client.nick;
          client.sendFrame(
              ":" + nick + "!" + nick + "@" + nick + ".tmi.twitch.tv JOIN " + channel,
              "@badge-info=;badges="
                  + (moderator ? "moderator/1" : "")
                  + ";color=;display-name="
                  + nick
                  + ";emote-sets=0;mod="
                  + (moderator ? "1" : "0")
                  + ";subscriber=0;user-type= :tmi.twitch.tv USERSTATE "
                  + channel,
              "@emote-only=0;followers-only=-1;r9k=0;room-id="
                  + rooms.getOrDefault(login, "0")
                  + ";slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE "
                  + channel);
        }
      }
      case "PART" -> client.channels.remove(m.param(0).substring(1));
      case "PING" -> client.send(":tmi.twitch.tv PONG tmi.twitch.tv :" + m.trailing());
      default -> {}
    }
  }

  /**
   * Sends a chat message from {@code user} to every client in {@code channel}, as Twitch writes it;
   * returns its message id.
   */
  String say(String channel, String userId, String user, String text) {
    String id = UUID.randomUUID().toString();
    sayWithId(channel, id, System.currentTimeMillis(), userId, user, text);
    return id;
  }

  void sayWithId(String channel, String id, long sentTs, String userId, String user, String text) {
    broadcast(channel, chatLine(channel, id, sentTs, userId, user, text));
  }

  /** A chat line as Twitch writes it. */
  String chatLine(String channel, String id, long sentTs, String userId, String user, String text) {
    return "@badge-info=;badges=;client-nonce=x;color=#FF0000;display-name="
        + user
        + ";emotes=;first-msg=0;flags=;id="
        + id
        + ";mod=0;returning-chatter=0;room-id="
        + rooms.get(channel)
        + ";subscriber=0;tmi-sent-ts="
        + sentTs
        + ";turbo=0;user-id="
        + userId
        + ";user-type= :"
        + user
        + "!"
        + user
        + "@"
        + user
        + ".tmi.twitch.tv PRIVMSG #"
        + channel
        + " :"
        + text;
  }

  /** Writes a raw line to every client in {@code channel}. */
  void broadcast(String channel, String line) {
    for (Client client : clients) {
      if (client.channels.contains(channel)) {
        client.send(line);
      }
    }
  }

  /** Writes a raw line to every connected client. */
  void sendAll(String line) {
    clients.forEach(c -> c.send(line));
  }

  /** Closes every connection, as a server restart would. */
  void dropAll() {
    clients.forEach(Client::close);
  }

  List<Client> clients() {
    return List.copyOf(clients);
  }

  long connectionsSeen() {
    return connections.get();
  }

  /** Every line received with {@code command}, oldest first. */
  List<Received> lines(String command) {
    return received.stream().filter(r -> r.message().is(command)).toList();
  }

  /** How many clients are in {@code channel} now. */
  long inChannel(String channel) {
    return clients.stream().filter(c -> c.channels.contains(channel)).count();
  }

  /** Waits (up to 30 s) until {@code condition} holds. */
  public static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
