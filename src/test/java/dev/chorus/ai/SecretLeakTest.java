package dev.chorus.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ai.ModelPeer.Answer;
import dev.chorus.store.crypto.SecretBox;
import dev.chorus.testing.AdminClient;
import dev.chorus.testing.ChatClient;
import dev.chorus.testing.ChorusProcess;
import dev.chorus.testing.OverlayClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak test of docs/security.md: a Chorus process started with a distinctive value for every
 * secret (from the environment, as in production) is driven through web chat (good and bad frames,
 * a hostile template), the admin API (good and bad calls), health, metrics, the overlay feed, the
 * webhooks and an AI reply from a local OpenAI-compatible peer; no secret, nor its base64 or hex,
 * may appear in the process output (debug logs included), metrics, health output, API responses,
 * overlay frames, chat or error frames, or the prompt the model receives. The AI key is expected in
 * exactly one place: the Authorization header sent to the model provider.
 */
class SecretLeakTest {

  private static final String COMMUNITY = "leak";
  private static final String ADMIN_KEY = "leakcanary-admin-Q7m2Zr9x";
  private static final String AI_KEY = "sk-leakcanary-ai-P4t8Wn3v";

  @TempDir java.nio.file.Path dataDir;

  /** Every secret key's environment variable with a value nothing else could contain. */
  private static Map<String, String> secrets() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("CHORUS_ADMIN_KEY", ADMIN_KEY);
    s.put("CHORUS_PG_PASSWORD", "leakcanary-pg-Hs5k1Lq0");
    s.put("CHORUS_SECRETS_KEY", SecretBox.newKey());
    s.put("CHORUS_SECRETS_KEY_OLD", SecretBox.newKey());
    s.put("CHORUS_AI_API_KEY", AI_KEY);
    s.put("CHORUS_KNOWLEDGE_OPENAI_API_KEY", "leakcanary-embed-Vb6y2Cx8");
    s.put("CHORUS_TWITCH_TOKEN", "leakcanary-twitch-Tz4r8Mn1");
    s.put("CHORUS_TWITCH_REFRESH_TOKEN", "leakcanary-refresh-Ju7e3Ka5");
    s.put("CHORUS_TWITCH_CLIENT_SECRET", "leakcanary-client-Ro2w6Fd9");
    s.put("CHORUS_EVENTSUB_SECRET", "leakcanary-eventsub-Gp9q1Ys4");
    s.put("CHORUS_EVENTSUB_APP_TOKEN", "leakcanary-apptoken-Nx3v5Bh7");
    s.put("CHORUS_SLACK_SIGNING_SECRET", "leakcanary-slack-sign-Wc8u2Ie6");
    s.put("CHORUS_SLACK_BOT_TOKEN", "xoxb-leakcanary-slack-Dm1o4Pa3");
    s.put("CHORUS_DISCORD_BOT_TOKEN", "leakcanary-discord-Ek5i9Su2");
    s.put("CHORUS_BRIDGE_TOKEN", "leakcanary-bridge-Hl6t0Qz7");
    return s;
  }

  /** A secret and the encodings of it a careless log line or response could carry. */
  private static List<String> forms(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    List<String> forms = new ArrayList<>();
    forms.add(secret);
    forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
    forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    forms.add(HexFormat.of().formatHex(bytes));
    try {
      byte[] raw = Base64.getDecoder().decode(secret);
      forms.add(HexFormat.of().formatHex(raw)); // a base64 key's raw bytes, in hex
      forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    } catch (IllegalArgumentException notBase64) {
      // a token, not a key
    }
    return forms;
  }

  private final Map<String, String> captured = new LinkedHashMap<>();
  private String overlayToken;
  private int n;

  private void capture(String where, String text) {
    captured.put(where + " #" + ++n, text == null ? "" : text);
  }

  private void capture(String where, HttpResponse<Buffer> r) {
    StringBuilder out = new StringBuilder().append(r.statusCode()).append('\n');
    MultiMap headers = r.headers();
    headers.forEach(h -> out.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
    out.append(r.bodyAsString());
    capture(where, out.toString());
  }

  @Test
  void noConfiguredSecretAppearsInAnythingChorusSaysOrSends() throws Exception {
    Map<String, String> secrets = secrets();
    Vertx vertx = Vertx.vertx();
    ModelPeer model = new ModelPeer();
    Map<String, String> env = new LinkedHashMap<>(secrets);
    env.put("CHORUS_HTTP_PORT", "0");
    env.put("CHORUS_HTTP_HOST", "127.0.0.1");
    env.put("CHORUS_DATA_DIR", dataDir.toString());
    env.put("CHORUS_LOGGING_LEVEL", "debug");
    env.put("CHORUS_MODERATION_DETECTOR", "false");
    env.put("CHORUS_AI_PROVIDER", "openai");
    env.put("CHORUS_AI_BASE_URL", "http://127.0.0.1:" + model.port() + "/v1");
    env.put("CHORUS_AI_MODEL", "gpt-test");
    // Platforms that would dial out get a local address that refuses: their errors are logged.
    env.put("CHORUS_DISCORD_GATEWAY_URL", "ws://127.0.0.1:9/gateway");
    env.put("CHORUS_DISCORD_API_URL", "http://127.0.0.1:9/api");
    env.put("CHORUS_SLACK_API_URL", "http://127.0.0.1:9/api");
    env.put("CHORUS_EVENTSUB_HELIX_URL", "http://127.0.0.1:9/helix");
    // The bot account with token refresh on: its token pair is stored encrypted in the data
    // directory at start, and the refresh (against a refusing endpoint) fails and is logged.
    env.put("CHORUS_TWITCH_LOGIN", "leakbot");
    env.put("CHORUS_TWITCH_HOST", "127.0.0.1");
    env.put("CHORUS_TWITCH_PORT", "9");
    env.put("CHORUS_TWITCH_TLS", "false");
    env.put("CHORUS_TWITCH_CLIENT_ID", "leakclient");
    env.put("CHORUS_TWITCH_OAUTH_URL", "http://127.0.0.1:9/oauth2/token");
    ChorusProcess chorus = ChorusProcess.start("leak", env);
    WebClient http = WebClient.create(vertx);
    AdminClient admin = new AdminClient(vertx, chorus.httpPort());
    int port = chorus.httpPort();
    try {
      for (String path : List.of("/health/live", "/health/ready", "/metrics", "/", "/dashboard")) {
        capture(
            "GET " + path, http.get(port, "127.0.0.1", path).send().await(10, TimeUnit.SECONDS));
      }
      // The admin API: good calls, and the mistakes an attacker or a typo makes.
      capture("communities", admin.call(HttpMethod.GET, "/api/v1/communities", null, ADMIN_KEY));
      capture("wrong key", admin.call(HttpMethod.GET, "/api/v1/communities", null, "wrong-key"));
      capture("no key", admin.call(HttpMethod.GET, "/api/v1/communities", null, null));
      capture(
          "a secret as the key's prefix",
          admin.call(HttpMethod.GET, "/api/v1/communities", null, ADMIN_KEY + "x"));
      capture(
          "bad JSON", admin.call(HttpMethod.POST, "/api/v1/communities", "{not json", ADMIN_KEY));
      capture(
          "bad id",
          admin.call(
              HttpMethod.POST,
              "/api/v1/communities",
              new JsonObject().put("id", "../" + ADMIN_KEY),
              ADMIN_KEY));
      capture("unknown route", admin.call(HttpMethod.GET, "/api/v1/nothing", null, ADMIN_KEY));
      capture("openapi", admin.call(HttpMethod.GET, "/api/v1/openapi.yaml", null, null));
      HttpResponse<Buffer> rotated =
          admin.call(
              HttpMethod.POST,
              "/api/v1/communities/" + COMMUNITY + "/overlay/token",
              null,
              ADMIN_KEY);
      capture("overlay token", rotated);
      assertEquals(201, rotated.statusCode(), rotated.bodyAsString());
      overlayToken = rotated.bodyAsJsonObject().getString("token");
      // Webhooks with forged signatures.
      capture(
          "twitch webhook",
          http.post(port, "127.0.0.1", "/webhooks/twitch")
              .putHeader("Twitch-Eventsub-Message-Id", "m1")
              .putHeader("Twitch-Eventsub-Message-Timestamp", java.time.Instant.now().toString())
              .putHeader("Twitch-Eventsub-Message-Signature", "sha256=00")
              .putHeader("Twitch-Eventsub-Message-Type", "notification")
              .sendBuffer(Buffer.buffer("{}"))
              .await(10, TimeUnit.SECONDS));
      capture(
          "slack webhook",
          http.post(port, "127.0.0.1", "/webhooks/slack")
              .putHeader("X-Slack-Request-Timestamp", "1")
              .putHeader("X-Slack-Signature", "v0=00")
              .sendBuffer(Buffer.buffer("{\"type\":\"url_verification\",\"challenge\":\"c\"}"))
              .await(10, TimeUnit.SECONDS));

      var sockets = vertx.createWebSocketClient();
      try (OverlayClient overlay = OverlayClient.open(sockets, port, COMMUNITY, overlayToken, -1);
          ChatClient chat = ChatClient.connect(vertx, port)) {
        // An AI reply: the model's prompt is captured by the peer.
        model.then(Answer.reply("Hi Ann, welcome to the stream!"));
        chat.send(ChatClient.message(COMMUNITY, "ann", "@chorus what is this stream about?"));
        capture("ack", chat.next().encode());
        JsonObject reply = chat.next("reply");
        capture("ai reply", reply.encode());
        // A hostile chatter tries every expansion syntax on the environment and the config.
        chat.send(
            ChatClient.message(
                COMMUNITY,
                "mallory",
                "!say ${CHORUS_ADMIN_KEY} {env.CHORUS_ADMIN_KEY} %CHORUS_AI_API_KEY%"
                    + " {{config.admin.key}} $(ai.apiKey) {admin.key}"));
        capture("template ack", chat.next().encode());
        JsonObject echoed = chat.poll(3000);
        capture("template reply", echoed == null ? "" : echoed.encode());
        chat.send(ChatClient.message(COMMUNITY, "ann", "!ping"));
        capture("ping", chat.next().encode());
        capture("ping reply", String.valueOf(chat.poll(3000)));
        // Error frames.
        chat.sendText("{not json");
        capture("bad frame", chat.next().encode());
        chat.send(ChatClient.message("no-such-community", "ann", "hi"));
        capture("unknown community", chat.next().encode());
        chat.send(new JsonObject().put("type", "chat.message").put("text", ADMIN_KEY));
        capture("missing fields", chat.next().encode());
        capture("overlay frames", overlay.drain().toString());
        JsonObject frame = overlay.poll(2000);
        capture("overlay frame", frame == null ? "" : frame.encode());
        capture("overlay frames later", overlay.drain().toString());
      } finally {
        sockets.close();
      }
      assertTrue(model.seen.size() >= 1, "the model was asked");
      String sent = model.seen.get(0).authorization();
      assertTrue(
          forms(AI_KEY).stream().anyMatch(sent::contains), "the search finds a secret where it is");
      for (ModelPeer.Seen seen : model.seen) {
        capture("model prompt", seen.body().encode());
        assertEquals("Bearer " + AI_KEY, seen.authorization(), "the key goes to the provider only");
      }
      capture(
          "metrics after",
          http.get(port, "127.0.0.1", "/metrics").send().await(10, TimeUnit.SECONDS));
      capture(
          "ready after",
          http.get(port, "127.0.0.1", "/health/ready").send().await(10, TimeUnit.SECONDS));
      assertEquals(0, chorus.stop(30), "a clean exit");
    } finally {
      chorus.close();
      admin.close();
      http.close();
      model.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    List<String> output = chorus.output();
    assertTrue(output.size() > 20, "the process logged at debug: " + output.size() + " lines");
    capture("process output", String.join("\n", output));
    assertTrue(
        output.stream().anyMatch(l -> l.contains("token refresh on")),
        "the Twitch token was stored: " + output);
    // At rest: the data directory (databases, journal, index) as bytes. The chat text is found
    // there, so a plain token would be too.
    StringBuilder files = new StringBuilder();
    try (var walk = java.nio.file.Files.walk(dataDir)) {
      for (var file : walk.filter(java.nio.file.Files::isRegularFile).toList()) {
        files.append(
            new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    assertTrue(files.indexOf("what is this stream about?") >= 0, "the data directory is readable");
    capture("data directory", files.toString());

    if (Boolean.getBoolean("chorus.leakDump")) {
      // what was searched, for a person checking that the test saw real traffic
      StringBuilder dump = new StringBuilder();
      captured.forEach(
          (k, v) -> dump.append("==== ").append(k).append('\n').append(v).append('\n'));
      java.nio.file.Files.writeString(java.nio.file.Path.of("target/leak-captured.txt"), dump);
    }
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      for (String form : forms(secret.getValue())) {
        for (Map.Entry<String, String> where : captured.entrySet()) {
          int at = where.getValue().indexOf(form);
          if (at >= 0) {
            String around =
                where
                    .getValue()
                    .substring(Math.max(0, at - 80), Math.min(where.getValue().length(), at + 80));
            leaks.add(secret.getKey() + " in " + where.getKey() + ": …" + around + "…");
          }
        }
      }
    }
    // The overlay token is shown once, in the answer that issued it, and nowhere else (it travels
    // in the feed's URL, which must not be logged).
    for (Map.Entry<String, String> where : captured.entrySet()) {
      if (!where.getKey().startsWith("overlay token ") && where.getValue().contains(overlayToken)) {
        leaks.add("the overlay token in " + where.getKey());
      }
    }
    assertEquals(List.of(), leaks);
  }
}
