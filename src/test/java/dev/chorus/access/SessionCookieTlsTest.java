package dev.chorus.access;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.access.sql.SqlApiKeys;
import dev.chorus.state.inprocess.InProcessStateStore;
import dev.chorus.store.SqlFixture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Over TLS the session cookie is {@code Secure} (the request's own scheme decides), besides
 * HttpOnly and SameSite=Strict. The sign-in routes on a TLS server of their own, with the real key
 * store and state store.
 */
class SessionCookieTlsTest {

  private static final String ADMIN = "tls-test-admin-key-0123456789";

  private final SqlFixture db = SqlFixture.h2();
  private Vertx vertx;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    ApiKeys keys = new SqlApiKeys(db.open(vertx));
    Sessions sessions = new Sessions(new InProcessStateStore("tls"), new SecureRandom());
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    await(new SessionApi(new KeyCheck(keys, ADMIN), sessions).mount(vertx, router));
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    server =
        await(
            vertx
                .createHttpServer(
                    new HttpServerOptions()
                        .setSsl(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .requestHandler(router)
                .listen(0, "127.0.0.1"));
    client =
        WebClient.create(
            vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
  }

  @AfterEach
  void tearDown() {
    db.close();
    await(vertx.close());
  }

  @Test
  void theSessionCookieIsSecureOverTls() {
    var signedIn =
        await(
            client
                .post(server.actualPort(), "127.0.0.1", "/api/v1/session")
                .sendJsonObject(new JsonObject().put("key", ADMIN)));
    assertEquals(201, signedIn.statusCode(), signedIn.bodyAsString());
    String cookie = signedIn.getHeader("Set-Cookie").toLowerCase(Locale.ROOT);
    assertTrue(cookie.contains("; secure"), cookie);
    assertTrue(cookie.contains("; httponly"), cookie);
    assertTrue(cookie.contains("samesite=strict"), cookie);
    assertEquals("admin", signedIn.bodyAsJsonObject().getString("scope"));
  }
}
