package dev.chorus.collector.twitch.chat;

import dev.chorus.collector.twitch.irc.IrcParser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.parsetools.RecordParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the chat collector reaches the server: IRC over TCP (optionally TLS) at {@code host:port}, or
 * the same IRC lines over a WebSocket ({@code wss://irc-ws.chat.twitch.tv:443}), where the server
 * sends one or more lines per text frame and the client one line per frame. Both hand the collector
 * whole lines without their CR LF, and refuse (close the connection on) a line longer than {@link
 * #MAX_LINE_BYTES}.
 */
abstract class ChatTransport {

  /** The longest line accepted from the server: IRCv3 tags plus Twitch's longest body. */
  static final int MAX_LINE_BYTES = IrcParser.MAX_TAG_BYTES + IrcParser.MAX_BODY_BYTES + 16;

  /** The largest WebSocket message accepted: several lines of the longest kind. */
  static final int MAX_FRAME_BYTES = 4 * MAX_LINE_BYTES;

  private static final Logger LOG = LoggerFactory.getLogger(ChatTransport.class);

  /** One open connection. */
  interface Link {
    /** Writes one IRC line ({@link dev.chorus.collector.twitch.irc.IrcCommands} text, CR LF). */
    void write(String line);

    void close();
  }

  /** What the collector hears from a connection. */
  interface Events {
    void line(Link link, String line);

    void closed(Link link);
  }

  abstract Future<Link> connect(Events events);

  abstract Future<Void> close();

  /** Where this transport connects, for logs. */
  abstract String target();

  static ChatTransport create(Vertx vertx, TwitchChatOptions options) {
    return options.websocket() ? new Ws(vertx, options) : new Tcp(vertx, options);
  }

  /** The configured trust, or null for the JDK's. */
  private static PemTrustOptions trust(String trustPath) {
    return trustPath.isEmpty() ? null : new PemTrustOptions().addCertPath(trustPath);
  }

  /** Splits a received chunk into lines, refusing an overlong one; false when refused. */
  private static boolean lines(String text, Link link, Events events) {
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      int stop = end < 0 ? text.length() : end;
      String line = text.substring(start, stop);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
        LOG.warn("Twitch chat: line too long from the server; reconnecting");
        link.close();
        return false;
      }
      if (!line.isEmpty()) {
        events.line(link, line);
      }
      start = stop + 1;
    }
    return true;
  }

  private static final class Tcp extends ChatTransport {
    private final TwitchChatOptions options;
    private final NetClient client;

    Tcp(Vertx vertx, TwitchChatOptions options) {
      this.options = options;
      NetClientOptions net =
          new NetClientOptions()
              .setSsl(options.tls())
              .setConnectTimeout(10_000)
              .setTcpKeepAlive(true);
      if (options.tls()) {
        net.setHostnameVerificationAlgorithm("HTTPS");
        if (trust(options.trustPath()) != null) {
          net.setTrustOptions(trust(options.trustPath()));
        }
      }
      this.client = vertx.createNetClient(net);
    }

    @Override
    String target() {
      return options.host() + ":" + options.port();
    }

    @Override
    Future<Link> connect(Events events) {
      return client.connect(options.port(), options.host()).map(s -> open(s, events));
    }

    private Link open(NetSocket s, Events events) {
      Link link =
          new Link() {
            @Override
            public void write(String line) {
              s.write(line);
            }

            @Override
            public void close() {
              s.close();
            }
          };
      RecordParser parser =
          RecordParser.newDelimited(
                  "\n",
                  (Buffer b) -> {
                    if (b.length() > MAX_LINE_BYTES) {
                      // The parser only refuses a line still without its end.
                      LOG.warn("Twitch chat: line too long from the server; reconnecting");
                      s.close();
                      return;
                    }
                    lines(b.toString(StandardCharsets.UTF_8), link, events);
                  })
              .maxRecordSize(MAX_LINE_BYTES);
      parser.exceptionHandler(
          e -> {
            LOG.warn(
                "Twitch chat: line too long from the server ({}); reconnecting", e.getMessage());
            s.close();
          });
      s.handler(parser);
      s.exceptionHandler(e -> LOG.debug("Twitch chat connection error: {}", e.toString()));
      s.closeHandler(v -> events.closed(link));
      return link;
    }

    @Override
    Future<Void> close() {
      return client.close();
    }
  }

  private static final class Ws extends ChatTransport {
    private final TwitchChatOptions options;
    private final WebSocketClient client;
    private final WebSocketConnectOptions connect;

    Ws(Vertx vertx, TwitchChatOptions options) {
      this.options = options;
      URI uri = URI.create(options.websocketUrl());
      boolean secure = "wss".equalsIgnoreCase(uri.getScheme());
      WebSocketClientOptions ws =
          new WebSocketClientOptions()
              .setConnectTimeout(10_000)
              .setMaxFrameSize(MAX_FRAME_BYTES)
              .setMaxMessageSize(MAX_FRAME_BYTES)
              .setSsl(secure);
      if (secure) {
        ws.setVerifyHost(true);
        if (trust(options.trustPath()) != null) {
          ws.setTrustOptions(trust(options.trustPath()));
        }
      }
      this.client = vertx.createWebSocketClient(ws);
      int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      this.connect =
          new WebSocketConnectOptions()
              .setHost(uri.getHost())
              .setPort(port)
              .setSsl(secure)
              .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }

    @Override
    String target() {
      return options.websocketUrl();
    }

    @Override
    Future<Link> connect(Events events) {
      return client.connect(connect).map(ws -> open(ws, events));
    }

    private Link open(WebSocket ws, Events events) {
      Link link =
          new Link() {
            @Override
            public void write(String line) {
              // One line per frame, without its CR LF.
              ws.writeTextMessage(
                  line.endsWith("\r\n") ? line.substring(0, line.length() - 2) : line);
            }

            @Override
            public void close() {
              ws.close();
            }
          };
      ws.textMessageHandler(text -> lines(text, link, events));
      ws.binaryMessageHandler(
          b -> LOG.debug("Twitch chat: binary WebSocket message ignored ({} bytes)", b.length()));
      ws.exceptionHandler(
          e -> {
            LOG.debug("Twitch chat WebSocket error: {}", e.toString());
            ws.close();
          });
      ws.closeHandler(v -> events.closed(link));
      return link;
    }

    @Override
    Future<Void> close() {
      return client.close();
    }
  }
}
