package dev.chorus.ops.http;

import dev.chorus.config.Settings;
import dev.chorus.module.WebSocketPolicy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The HTTP port's hardening options ({@code docs/http-hardening.md}): connection caps, idle
 * timeout, who may frame the overlay pages, and TLS.
 *
 * @param maxConnectionsPerAddress WebSocket connections one client address may hold open
 * @param idleTimeoutSeconds a connection nothing was read from this long is closed (0: never)
 * @param overlayFrameAncestors the overlay pages' CSP {@code frame-ancestors} ({@code ""}: none)
 * @param tlsCert PEM certificate chain, or {@code null}: plain HTTP
 * @param tlsKey PEM private key of {@code tlsCert}, or {@code null}
 * @param maxFailedKeysPerAddress refused API keys one client address may present per 5 minutes
 *     before it gets 429 (0: no limit)
 * @param trustedProxies proxies whose forwarding headers name the client ({@code
 *     http.trustedProxies})
 */
public record HttpHardening(
    int maxConnectionsPerAddress,
    int idleTimeoutSeconds,
    String overlayFrameAncestors,
    Path tlsCert,
    Path tlsKey,
    int maxFailedKeysPerAddress,
    TrustedProxies trustedProxies) {

  /** The defaults: plain HTTP (tests and embedding). */
  public static final HttpHardening DEFAULTS =
      new HttpHardening(64, 300, "", null, null, 20, TrustedProxies.NONE);

  /** True when the port speaks HTTPS; session cookies set on it must then be {@code Secure}. */
  public boolean tls() {
    return tlsCert != null;
  }

  /** Reads and checks the {@code http.*} hardening keys; a bad value names its key. */
  public static HttpHardening from(Settings s) {
    // Checked here too, so a bad list stops start-up even in a process without WebSockets.
    WebSocketPolicy.from(s, null);
    String cert = s.string("http.tls.certPath");
    String key = s.string("http.tls.keyPath");
    s.require(
        cert.isEmpty() == key.isEmpty(),
        cert.isEmpty() ? "http.tls.certPath" : "http.tls.keyPath",
        "must be set together with "
            + (cert.isEmpty() ? "http.tls.keyPath" : "http.tls.certPath")
            + " (both or neither)");
    if (!cert.isEmpty()) {
      s.require(Files.isReadable(Path.of(cert)), "http.tls.certPath", "must be a readable file");
      s.require(Files.isReadable(Path.of(key)), "http.tls.keyPath", "must be a readable file");
    }
    String ancestors = s.string("http.overlayFrameAncestors");
    s.require(
        !ancestors.contains(";") && !ancestors.contains(",") && !ancestors.contains("\n"),
        "http.overlayFrameAncestors",
        "must be space-separated CSP sources (no ; or ,)");
    TrustedProxies proxies;
    try {
      proxies = TrustedProxies.parse(s.string("http.trustedProxies"));
    } catch (IllegalArgumentException e) {
      s.require(false, "http.trustedProxies", e.getMessage());
      proxies = TrustedProxies.NONE;
    }
    return new HttpHardening(
        s.integer("http.maxConnectionsPerAddress", 1, 1_000_000),
        s.integer("http.idleTimeoutSeconds", 0, 86_400),
        ancestors,
        cert.isEmpty() ? null : Path.of(cert),
        key.isEmpty() ? null : Path.of(key),
        s.integer("http.maxFailedKeysPerAddress", 0, 1_000_000),
        proxies);
  }
}
