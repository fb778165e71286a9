package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.access.ApiKeys;
import dev.chorus.access.Scope;
import dev.chorus.testing.TestChorus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar chorus.jar keys …} against the configured (embedded) store: the key it prints
 * once opens the API of a process started on that store afterwards; revoked, it does not.
 */
class KeysCommandTest {

  @TempDir Path dataDir;

  private record Run(int code, String out, String err) {}

  private Run keys(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--set";
    all[args.length + 1] = "data.dir=" + dataDir;
    int code =
        KeysCommand.run(
            all,
            Map.of(),
            Modules.discovered(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String field(String out, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\S+)$").matcher(out);
    assertTrue(m.find(), out);
    return m.group(1);
  }

  @Test
  void aKeyMadeOnTheCommandLineOpensTheApiUntilItIsRevoked() throws Exception {
    Run made = keys("create", "--scope", "owner", "--community", "demo", "--label", "ops");
    assertEquals(0, made.code(), made.err());
    String secret = field(made.out(), "key");
    String id = field(made.out(), "id");
    assertTrue(secret.startsWith(ApiKeys.PREFIX));
    assertEquals("owner", field(made.out(), "scope"));

    Run listed = keys("list", "--community", "demo");
    assertEquals(0, listed.code(), listed.err());
    assertTrue(listed.out().contains(id) && listed.out().contains("active"), listed.out());
    assertFalse(listed.out().contains(secret), "the secret is shown once");

    var chorus = TestChorus.start(dataDir, Map.of("roles", "access,community,command"));
    Vertx client = Vertx.vertx();
    WebClient web = WebClient.create(client);
    try {
      var got =
          web.request(HttpMethod.GET, chorus.httpPort(), "127.0.0.1", "/api/v1/communities/demo")
              .bearerTokenAuthentication(secret)
              .send()
              .await(20, TimeUnit.SECONDS);
      assertEquals(200, got.statusCode(), got.bodyAsString());
      assertEquals(
          Scope.OWNER,
          chorus.port(ApiKeys.class).get(id).await(20, TimeUnit.SECONDS).orElseThrow().scope());
    } finally {
      chorus.stop().await(30, TimeUnit.SECONDS);
    }

    Run revoked = keys("revoke", id);
    assertEquals(0, revoked.code(), revoked.err());
    assertTrue(revoked.out().contains("revoked " + id), revoked.out());
    assertEquals(1, keys("revoke", "no-such-key").code());

    chorus = TestChorus.start(dataDir, Map.of("roles", "access,community,command"));
    try {
      var refused =
          web.request(HttpMethod.GET, chorus.httpPort(), "127.0.0.1", "/api/v1/communities/demo")
              .bearerTokenAuthentication(secret)
              .send()
              .await(20, TimeUnit.SECONDS);
      assertEquals(401, refused.statusCode(), refused.bodyAsString());
    } finally {
      chorus.stop().await(30, TimeUnit.SECONDS);
      web.close();
      client.close().await();
    }
  }

  @Test
  void usageErrorsExitWithTwoAndSayWhy() {
    Run noScope = keys("create", "--community", "demo");
    assertEquals(2, noScope.code());
    assertTrue(noScope.err().contains("--scope"), noScope.err());
    Run adminWithCommunity = keys("create", "--scope", "admin", "--community", "demo");
    assertEquals(2, adminWithCommunity.code());
    assertTrue(adminWithCommunity.err().contains("no community"), adminWithCommunity.err());
    assertEquals(2, keys("destroy").code());
    assertEquals(2, keys("create", "--scope", "root").code());
    Run chatWithoutName = keys("create", "--scope", "chat", "--community", "demo");
    assertEquals(2, chatWithoutName.code());
    assertTrue(chatWithoutName.err().contains("needs a name"), chatWithoutName.err());
    Run badLevel =
        keys("create", "--scope", "chat", "--community", "demo", "--name", "Ann", "--level", "god");
    assertEquals(2, badLevel.code());
    assertTrue(badLevel.err().contains("level"), badLevel.err());
    Run readWithName = keys("create", "--scope", "read", "--community", "demo", "--name", "Ann");
    assertEquals(2, readWithName.code());
    assertTrue(readWithName.err().contains("only a chat key"), readWithName.err());
  }

  @Test
  void aChatKeyParsesWithItsNameAndADefaultLevel() {
    var chat =
        dev.chorus.access.KeysCli.parse(
            new String[] {"create", "--scope", "chat", "--community", "demo", "--name", "Ann"});
    assertEquals("Ann", chat.name());
    assertEquals("moderator", chat.level());
    var overlay =
        dev.chorus.access.KeysCli.parse(
            new String[] {"create", "--scope", "overlay", "--community", "demo"});
    assertEquals(dev.chorus.access.Scope.OVERLAY, overlay.scope());
    assertEquals(null, overlay.name());
  }
}
