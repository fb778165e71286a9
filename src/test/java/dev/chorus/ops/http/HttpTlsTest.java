package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.Chorus;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP port with a configured certificate: HTTPS only, and WebSockets from https pages. */
class HttpTlsTest {

  @TempDir static Path dataDir;
  static SelfSignedCertificate certificate;
  static Chorus chorus;
  static Vertx client;

  @BeforeAll
  static void start() throws Exception {
    certificate = SelfSignedCertificate.create("localhost");
    chorus =
        TestChorus.start(
            dataDir,
            Map.of(
                "http.tls.certPath", certificate.certificatePath(),
                "http.tls.keyPath", certificate.privateKeyPath()));
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    client.close().await();
    chorus.stop().await();
    certificate.delete();
  }

  @Test
  void aClientTrustingTheCertificateGetsHttps() throws Exception {
    var http =
        client.createHttpClient(
            new HttpClientOptions()
                .setSsl(true)
                .setTrustOptions(certificate.trustOptions())
                .setVerifyHost(true));
    var response =
        http.request(HttpMethod.GET, chorus.httpPort(), "localhost", "/health/live")
            .compose(
                r -> r.send().compose(res -> res.body().map(b -> res.statusCode() + b.toString())))
            .await(20, TimeUnit.SECONDS);
    assertTrue(response.startsWith("200"), response);
    assertTrue(response.contains("UP"), response);
  }

  @Test
  void plainHttpGetsNoAnswer() {
    HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    assertThrows(
        IOException.class,
        () ->
            plain.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + chorus.httpPort() + "/health/live"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void theWebChatOpensFromTheHttpsLoopbackOriginOnly() throws Exception {
    WebSocketClient sockets =
        client.createWebSocketClient(
            new WebSocketClientOptions()
                .setSsl(true)
                .setTrustOptions(certificate.trustOptions())
                .setVerifyHost(true));
    int port = chorus.httpPort();
    sockets
        .connect(options(port, "https://localhost:" + port))
        .await(20, TimeUnit.SECONDS)
        .close()
        .await();
    Exception refused =
        assertThrows(
            Exception.class,
            () ->
                sockets
                    .connect(options(port, "http://localhost:" + port))
                    .await(20, TimeUnit.SECONDS));
    assertTrue(refused instanceof UpgradeRejectedException, refused.toString());
    assertEquals(403, ((UpgradeRejectedException) refused).getStatus());
  }

  private static WebSocketConnectOptions options(int port, String origin) {
    return new WebSocketConnectOptions()
        .setHost("localhost")
        .setPort(port)
        .setSsl(true)
        .setURI("/ws/chat")
        .addHeader("Origin", origin);
  }
}
