package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.ops.config.ConfigException;
import dev.chorus.ops.config.ConfigKey;
import dev.chorus.ops.config.ConfigKeys;
import dev.chorus.ops.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir Path dir;

  @Test
  void environmentNamesFollowThePaths() {
    assertEquals("CHORUS_HTTP_PORT", ConfigKeys.get("http.port").env());
    assertEquals("CHORUS_DATA_DIR", ConfigKeys.get("data.dir").env());
    assertEquals("CHORUS_LOG_BATCH_SIZE", ConfigKeys.get("log.batchSize").env());
    assertEquals("CHORUS_IDENTITY_INSTANCES", ConfigKeys.get("identity.instances").env());
    assertEquals("--http-port", ConfigKeys.get("http.port").flag());
    assertEquals("CHORUS_ROLES", ConfigKeys.get("roles").env());
  }

  @Test
  void layersApplyDefaultsThenFileThenEnvironmentThenFlags() throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(
        file,
        "http:\n  port: 9000\n  instances: 2\nlog:\n  batchSize: 7\nroles: [router, identity]\n");
    ChorusConfig c =
        ChorusConfig.from(
            Settings.load(
                new String[] {"--config", file.toString(), "--http-port", "9100"},
                Map.of(
                    "CHORUS_HTTP_PORT",
                    "9050",
                    "CHORUS_LOG_BATCH_SIZE",
                    "9",
                    "CHORUS_ADMIN_KEY",
                    "0123456789abcdef0")));
    assertEquals(9100, c.http().port(), "flag beats env beats file");
    assertEquals(2, c.http().instances(), "file beats default");
    assertEquals(9, c.log().batchSize(), "env beats file");
    assertEquals(Set.of("router", "identity"), c.roles());
    assertEquals("0123456789abcdef0", c.adminKey());
    assertEquals(500, c.gateway().maxTextLength(), "default");
  }

  @Test
  void allExpandsToEveryRole() {
    ChorusConfig c = ChorusConfig.from(Settings.of(Map.of()));
    assertEquals(Set.copyOf(ChorusConfig.ROLES), c.roles());
    assertNull(c.adminKey(), "no key: admin API disabled");
    assertFalse(c.cluster().enabled());
  }

  @Test
  void anInvalidValueNamesTheKeyAndItsSource() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ChorusConfig.from(
                    Settings.load(new String[0], Map.of("CHORUS_HTTP_PORT", "eighty"))));
    assertEquals(
        "invalid configuration: http.port = 'eighty' (from CHORUS_HTTP_PORT): must be an integer between 0 and 65535",
        e.getMessage());
    ConfigException role =
        assertThrows(
            ConfigException.class,
            () ->
                ChorusConfig.from(
                    Settings.load(new String[] {"--roles", "router,chef"}, Map.of())));
    assertTrue(role.getMessage().contains("unknown role 'chef'"), role.getMessage());
  }

  @Test
  void unknownKeysAndFlagsAreRefused() throws Exception {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "htp:\n  port: 1\n");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Settings.load(new String[] {"--config", file.toString()}, Map.of()));
    assertEquals("unknown configuration key 'htp.port' in " + file, e.getMessage());
    assertThrows(
        ConfigException.class, () -> Settings.load(new String[] {"--no-such-flag", "1"}, Map.of()));
    assertThrows(
        ConfigException.class,
        () ->
            Settings.load(
                new String[] {"--config", dir.resolve("absent.yaml").toString()}, Map.of()));
  }

  @Test
  void secretsComeOnlyFromTheEnvironmentAndAreNeverPrinted() throws Exception {
    Path file = dir.resolve("secret.yaml");
    Files.writeString(file, "admin:\n  key: do-not-put-secrets-here\n");
    ConfigException inFile =
        assertThrows(
            ConfigException.class,
            () -> Settings.load(new String[] {"--config", file.toString()}, Map.of()));
    assertFalse(inFile.getMessage().contains("do-not-put-secrets-here"));
    assertThrows(
        ConfigException.class, () -> Settings.load(new String[] {"--admin-key", "x"}, Map.of()));
    ConfigException tooShort =
        assertThrows(
            ConfigException.class,
            () ->
                ChorusConfig.from(
                    Settings.load(new String[0], Map.of("CHORUS_ADMIN_KEY", "short-key"))));
    assertFalse(tooShort.getMessage().contains("short-key"), tooShort.getMessage());
  }

  @Test
  void theShippedProfileIsValid() {
    ChorusConfig c =
        ChorusConfig.from(Settings.load(new String[] {"--config", "conf/chorus.yaml"}, Map.of()));
    assertEquals(8080, c.http().port());
    assertEquals("embedded", c.storage().profile());
  }

  @Test
  void everyKeyHasADescriptionAndIsDocumented() throws Exception {
    String doc = Files.readString(Path.of("docs/configuration.md"));
    for (ConfigKey key : ConfigKeys.all()) {
      assertFalse(key.description().isBlank(), key.path());
      assertTrue(
          doc.contains("| `" + key.path() + "` | `" + key.env() + "` |"),
          "docs/configuration.md lacks " + key.path());
    }
  }
}
