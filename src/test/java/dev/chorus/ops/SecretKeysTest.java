package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chorus.config.ConfigException;
import dev.chorus.config.ConfigKey;
import dev.chorus.config.ConfigKeys;
import dev.chorus.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 005 and docs/security.md: every key that holds a credential is marked secret in the key
 * registry, a secret is refused from a profile, a flag and {@code --set} with a message that names
 * its environment variable and not its value, and the Kubernetes manifests take secrets from a
 * Secret, never from a ConfigMap or a literal in a pod spec.
 */
class SecretKeysTest {

  private static final ConfigKeys KEYS = Modules.keys();
  private static final String VALUE = "leak-canary-0123456789abcdef";

  /** Names that hold credentials; a key named like this must be a secret. */
  private static final Pattern CREDENTIAL =
      Pattern.compile("(?i).*(token|secret|password|apikey|secretsKey\\w*)$|^admin\\.key$");

  /** The secrets the deployment knows today; a new one is added here on purpose. */
  private static final Set<String> EXPECTED =
      Set.of(
          "admin.key",
          "pg.password",
          "secrets.key",
          "secrets.keyOld",
          "ai.apiKey",
          "knowledge.openai.apiKey",
          "twitch.token",
          "twitch.refreshToken",
          "twitch.clientSecret",
          "eventsub.secret",
          "eventsub.appToken",
          "slack.signingSecret",
          "slack.botToken",
          "discord.botToken",
          "bridge.token");

  @TempDir Path dir;

  private static Set<String> secretPaths() {
    Set<String> out = new TreeSet<>();
    KEYS.all().stream().filter(ConfigKey::secret).forEach(k -> out.add(k.path()));
    return out;
  }

  @Test
  void everyCredentialKeyIsMarkedSecret() {
    List<String> unmarked = new ArrayList<>();
    for (ConfigKey key : KEYS.all()) {
      if (CREDENTIAL.matcher(key.path()).matches() && !key.secret()) {
        unmarked.add(key.path());
      }
    }
    assertEquals(List.of(), unmarked, "credential keys not marked ConfigKey.secret");
    assertEquals(new TreeSet<>(EXPECTED), secretPaths());
    for (String path : EXPECTED) {
      assertTrue(KEYS.get(path).defaultValue().isEmpty(), path + " has no default value");
    }
  }

  @Test
  void aSecretInAProfileIsRefusedNamingItsVariableNotItsValue() throws IOException {
    for (String path : secretPaths()) {
      ConfigKey key = KEYS.get(path);
      Path file = dir.resolve(path + ".yaml");
      Files.writeString(file, yamlFor(path, VALUE));
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> Settings.load(new String[] {"--config", file.toString()}, Map.of(), KEYS),
              path);
      assertTrue(e.getMessage().contains(key.env()), e.getMessage());
      assertTrue(e.getMessage().contains("secret"), e.getMessage());
      assertFalse(e.getMessage().contains(VALUE), path + " leaks its value: " + e.getMessage());
    }
  }

  @Test
  void aSecretAsAFlagOrSetIsRefusedNamingItsVariableNotItsValue() {
    for (String path : secretPaths()) {
      ConfigKey key = KEYS.get(path);
      for (String[] args :
          List.of(
              new String[] {"--set", path + "=" + VALUE},
              new String[] {key.flag(), VALUE},
              new String[] {key.flag() + "=" + VALUE})) {
        ConfigException e =
            assertThrows(ConfigException.class, () -> Settings.load(args, Map.of(), KEYS), args[0]);
        assertTrue(e.getMessage().contains(key.env()), e.getMessage());
        assertFalse(e.getMessage().contains(VALUE), path + " leaks its value: " + e.getMessage());
      }
    }
  }

  @Test
  void aSecretFromTheEnvironmentIsTakenAndAnInvalidOneIsNotPrinted() {
    for (String path : secretPaths()) {
      ConfigKey key = KEYS.get(path);
      Settings s = Settings.load(new String[0], Map.of(key.env(), VALUE), KEYS);
      assertEquals(VALUE, s.string(path));
      assertEquals(key.env(), s.source(path));
      ConfigException e =
          assertThrows(ConfigException.class, () -> s.integer(path, 0, 1), "invalid " + path);
      assertFalse(e.getMessage().contains(VALUE), e.getMessage());
      assertTrue(e.getMessage().contains("<secret>"), e.getMessage());
    }
  }

  @Test
  void theSecretsKeyMustBeA256BitKeyAndIsNeverPrinted() {
    String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[16]);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                dev.chorus.ops.config.ChorusConfig.load(
                    new String[0], Map.of("CHORUS_SECRETS_KEY", shortKey), Modules.discovered()));
    assertTrue(e.getMessage().contains("secrets.key"), e.getMessage());
    assertFalse(e.getMessage().contains(shortKey), e.getMessage());
    String key = dev.chorus.store.crypto.SecretBox.newKey();
    assertThrows(
        ConfigException.class,
        () ->
            dev.chorus.ops.config.ChorusConfig.load(
                new String[0], Map.of("CHORUS_SECRETS_KEY_OLD", key), Modules.discovered()),
        "an old key without a current one");
    ConfigException refresh =
        assertThrows(
            ConfigException.class,
            () ->
                dev.chorus.ops.config.ChorusConfig.load(
                    new String[0],
                    Map.of(
                        "CHORUS_TWITCH_LOGIN", "chorusbot",
                        "CHORUS_TWITCH_TOKEN", VALUE,
                        "CHORUS_TWITCH_REFRESH_TOKEN", VALUE,
                        "CHORUS_TWITCH_CLIENT_ID", "client",
                        "CHORUS_TWITCH_CLIENT_SECRET", VALUE),
                    Modules.discovered()));
    assertTrue(refresh.getMessage().contains("secrets.key"), refresh.getMessage());
    assertFalse(refresh.getMessage().contains(VALUE), refresh.getMessage());
    var config =
        dev.chorus.ops.config.ChorusConfig.load(
            new String[0],
            Map.of(
                "CHORUS_SECRETS_KEY",
                key,
                "CHORUS_SECRETS_KEY_OLD",
                dev.chorus.store.crypto.SecretBox.newKey()),
            Modules.discovered());
    assertTrue(config.secrets().isPresent());
    var withAdmin =
        dev.chorus.ops.config.ChorusConfig.load(
            new String[0], Map.of("CHORUS_ADMIN_KEY", VALUE), Modules.discovered());
    assertFalse(withAdmin.toString().contains(VALUE), withAdmin.toString());
    assertFalse(config.toString().contains(key), "the configuration does not print the key");
  }

  @Test
  void kubernetesTakesEverySecretFromASecretAndNoneFromAConfigMap() throws IOException {
    Set<String> secretEnv = new HashSet<>();
    secretPaths().forEach(p -> secretEnv.add(KEYS.get(p).env()));
    List<JsonNode> objects = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
      for (Path file :
          files.filter(f -> f.toString().endsWith(".yaml")).filter(this::manifest).toList()) {
        objects.addAll(parse(file));
      }
    }
    Set<String> inSecret = new HashSet<>();
    for (JsonNode o : objects) {
      String kind = o.path("kind").asText();
      String name = o.at("/metadata/name").asText();
      if (kind.equals("Secret")) {
        o.path("stringData").fieldNames().forEachRemaining(inSecret::add);
      }
      if (kind.equals("ConfigMap")) {
        o.path("data")
            .fieldNames()
            .forEachRemaining(k -> refuse(secretEnv, k, "ConfigMap " + name));
      }
      if (kind.equals("Kustomization")) {
        for (JsonNode generator : o.path("configMapGenerator")) {
          for (JsonNode literal : generator.path("literals")) {
            refuse(secretEnv, literal.asText().split("=", 2)[0], "configMapGenerator " + name);
          }
        }
      }
      for (JsonNode container : o.at("/spec/template/spec/containers")) {
        for (JsonNode env : container.path("env")) {
          String var = env.path("name").asText();
          if (secretEnv.contains(var)) {
            assertTrue(
                env.at("/valueFrom/secretKeyRef").isObject(),
                name + " sets " + var + " other than from a Secret");
          }
        }
        boolean fromSecret = false;
        for (JsonNode from : container.path("envFrom")) {
          fromSecret |= from.path("secretRef").isObject();
        }
        if (!o.path("patch").asBoolean()) {
          assertTrue(fromSecret, name + " takes its secrets from a Secret (envFrom secretRef)");
        }
      }
    }
    assertEquals(new TreeSet<>(secretEnv), new TreeSet<>(inSecret), "k8s/base/secret.yaml keys");
  }

  private boolean manifest(Path file) {
    return !file.toString().contains("node_modules") && !file.startsWith(Path.of("k8s/base/conf"));
  }

  private static void refuse(Set<String> secretEnv, String var, String where) {
    assertFalse(secretEnv.contains(var), where + " carries the secret " + var);
  }

  private static List<JsonNode> parse(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (MappingIterator<JsonNode> docs =
        yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && doc.isObject()) {
          if (file.getFileName().toString().equals("kustomization.yaml")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("kind", "Kustomization");
          }
          if (!file.startsWith(Path.of("k8s/base"))) {
            // an overlay's patch: merged into a base object that has the rest
            ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("patch", true);
          }
          out.add(doc);
        }
      }
    }
    return out;
  }

  /** {@code a.b.c: value} as nested YAML. */
  private static String yamlFor(String path, String value) {
    String[] parts = path.split("\\.");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      out.append("  ".repeat(i)).append(parts[i]).append(':');
      out.append(i == parts.length - 1 ? " " + value + "\n" : "\n");
    }
    return out.toString();
  }
}
