package dev.chorus.ops.http;

import dev.chorus.module.ClientAddress;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code http.trustedProxies}: the reverse proxies (CIDR blocks) whose forwarding headers are
 * believed (decision 120). Only when the TCP peer is in one of them is the client address taken
 * from {@code Forwarded} (RFC 7239) or, without it, {@code X-Forwarded-For}: the rightmost hop that
 * is not itself a trusted proxy, since every proxy appends the address it saw and only the part a
 * trusted proxy wrote can be believed. The scheme comes from the nearest proxy ({@code proto=} of
 * the last {@code Forwarded} element, or the last {@code X-Forwarded-Proto} value). From any other
 * peer these headers are ignored: a client cannot pick its own address. The result goes into the
 * routing context ({@link ClientAddress#CONTEXT}) before any other handler runs.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustedProxies implements Handler<RoutingContext> {

  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");
  private static final int MAX_HOPS = 32;

  private final List<Block> blocks;

  private record Block(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** No proxy trusted: every request's client is its TCP peer. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  /**
   * Parses a comma-separated list of CIDR blocks or single addresses ({@code 10.0.0.0/8,
   * 192.168.1.7, fd00::/8}); fails with {@link IllegalArgumentException} naming the bad entry.
   */
  public static TrustedProxies parse(String list) {
    List<Block> blocks = new ArrayList<>();
    if (list != null) {
      for (String raw : list.split(",")) {
        String entry = raw.trim();
        if (entry.isEmpty()) {
          continue;
        }
        int slash = entry.indexOf('/');
        String ip = slash < 0 ? entry : entry.substring(0, slash);
        byte[] address = literal(ip);
        if (address == null) {
          throw new IllegalArgumentException(
              "'" + entry + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8)");
        }
        int bits;
        try {
          bits = slash < 0 ? address.length * 8 : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > address.length * 8) {
          throw new IllegalArgumentException(
              "'" + entry + "' has a prefix length outside 0-" + address.length * 8);
        }
        blocks.add(new Block(address, bits));
      }
    }
    return new TrustedProxies(blocks);
  }

  /** True when no proxy is trusted. */
  public boolean none() {
    return blocks.isEmpty();
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(ClientAddress.CONTEXT, resolve(ctx.request()));
    ctx.next();
  }

  /** The client of {@code request}: see the class comment. */
  public ClientAddress resolve(HttpServerRequest request) {
    ClientAddress direct = ClientAddress.direct(request);
    if (blocks.isEmpty() || !trusted(literal(direct.host()))) {
      return direct;
    }
    List<String> hops = new ArrayList<>();
    String proto = null;
    List<String> forwarded = request.headers().getAll("Forwarded");
    if (!forwarded.isEmpty()) {
      for (String header : forwarded) {
        for (String element : header.split(",")) {
          String forValue = null;
          String elementProto = null;
          for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
              continue;
            }
            String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = unquote(pair.substring(eq + 1).trim());
            if (name.equals("for")) {
              forValue = value;
            } else if (name.equals("proto")) {
              elementProto = value;
            }
          }
          hops.add(forValue == null ? "" : forNode(forValue));
          proto = elementProto;
        }
      }
    } else {
      for (String header : request.headers().getAll("X-Forwarded-For")) {
        for (String hop : header.split(",")) {
          hops.add(hop.trim());
        }
      }
      List<String> protos = request.headers().getAll("X-Forwarded-Proto");
      if (!protos.isEmpty()) {
        String[] last = protos.get(protos.size() - 1).split(",");
        proto = last[last.length - 1].trim();
      }
    }
    String client = direct.host();
    // From the right: each trusted hop vouches for the one before it; the first untrusted one is
    // the client. A hop that is not an address (garbage, "unknown", an obfuscated name) ends the
    // walk at the last proxy that could be believed.
    for (int i = hops.size() - 1, seen = 0; i >= 0 && seen < MAX_HOPS; i--, seen++) {
      byte[] hop = literal(hops.get(i));
      if (hop == null) {
        break;
      }
      client = text(hop);
      if (!trusted(hop)) {
        break;
      }
    }
    boolean secure = direct.secure() || (proto != null && proto.equalsIgnoreCase("https"));
    return new ClientAddress(client, secure);
  }

  private boolean trusted(byte[] address) {
    if (address == null) {
      return false;
    }
    for (Block b : blocks) {
      if (b.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** A {@code for=} node without its brackets and port ({@code "[2001:db8::1]:4711"}). */
  private static String forNode(String value) {
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      return close < 0 ? "" : value.substring(1, close);
    }
    int colon = value.indexOf(':');
    // One colon: an IPv4 address with a port. More: a bare IPv6 address (not allowed unbracketed
    // by RFC 7239, but read as what it says).
    return colon >= 0 && value.indexOf(':', colon + 1) < 0 ? value.substring(0, colon) : value;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  /**
   * The bytes of an IPv4 or IPv6 literal, or {@code null}; never a name lookup (only hex digits,
   * dots and colons get as far as {@link InetAddress}).
   */
  static byte[] literal(String text) {
    if (text == null || !LITERAL.matcher(text).matches()) {
      return null;
    }
    if (text.indexOf(':') < 0 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null; // "1234" or "1.2" would be read as an IPv4 address by the JDK
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** The canonical text of an address's bytes. */
  private static String text(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
