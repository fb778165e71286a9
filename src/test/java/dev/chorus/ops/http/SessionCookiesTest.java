package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.module.SessionCookies;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sign-in hook: a session cookie is Secure exactly when it is set over TLS. */
class SessionCookiesTest {

  private Vertx vertx;
  private SelfSignedCertificate certificate;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    certificate = SelfSignedCertificate.create("localhost");
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    certificate.delete();
  }

  @Test
  void secureOverTlsOnly() throws Exception {
    String plain = cookieFrom(false);
    assertTrue(plain.contains("httponly"), plain);
    assertTrue(plain.contains("samesite=strict"), plain);
    assertFalse(plain.contains("secure"), plain);
    String tls = cookieFrom(true);
    assertTrue(tls.contains("secure"), tls);
    assertTrue(tls.contains("httponly"), tls);
  }

  private String cookieFrom(boolean tls) throws Exception {
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0);
    if (tls) {
      options.setSsl(true).setKeyCertOptions(certificate.keyCertOptions());
    }
    var server =
        vertx
            .createHttpServer(options)
            .requestHandler(
                req ->
                    req.response()
                        .addCookie(SessionCookies.harden(Cookie.cookie("session", "s1"), req))
                        .end())
            .listen()
            .await(10, TimeUnit.SECONDS);
    var client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setSsl(tls)
                .setTrustOptions(tls ? certificate.trustOptions() : null));
    try {
      return client
          .request(HttpMethod.GET, server.actualPort(), "localhost", "/")
          .compose(r -> r.send())
          .map(res -> String.join("\n", res.cookies()).toLowerCase(java.util.Locale.ROOT))
          .await(10, TimeUnit.SECONDS);
    } finally {
      client.close().await();
      server.close().await();
    }
  }
}
