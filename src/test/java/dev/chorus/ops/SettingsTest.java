package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.collector.gateway.GatewayModule;
import dev.chorus.config.ConfigException;
import dev.chorus.config.ConfigKeys;
import dev.chorus.config.Settings;
import dev.chorus.interactions.InteractionsModule;
import dev.chorus.module.ChorusModule;
import dev.chorus.ops.config.ChorusConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  private static final List<ChorusModule<?>> MODULES = Modules.discovered();
  private static final ConfigKeys KEYS = Modules.keys();

  @TempDir Path dir;

  private static ChorusConfig load(String[] args, Map<String, String> env) {
    return ChorusConfig.load(args, env, MODULES);
  }

  @Test
  void environmentNamesFollowThePaths() {
    assertEquals("CHORUS_HTTP_PORT", KEYS.get("http.port").env());
    assertEquals("CHORUS_DATA_DIR", KEYS.get("data.dir").env());
    assertEquals("CHORUS_LOG_BATCH_SIZE", KEYS.get("log.batchSize").env());
    assertEquals("CHORUS_IDENTITY_INSTANCES", KEYS.get("identity.instances").env());
    assertEquals("--http-port", KEYS.get("http.port").flag());
    assertEquals("CHORUS_ROLES", KEYS.get("roles").env());
  }

  @Test
  void layersApplyDefaultsThenFileThenEnvironmentThenFlags() throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(
        file,
        "http:\n  port: 9000\n  instances: 2\nlog:\n  batchSize: 7\nroles: [router, identity, interactions, gateway]\n");
    ChorusConfig c =
        load(
            new String[] {"--config", file.toString(), "--http-port", "9100"},
            Map.of(
                "CHORUS_HTTP_PORT",
                "9050",
                "CHORUS_LOG_BATCH_SIZE",
                "9",
                "CHORUS_ADMIN_KEY",
                "0123456789abcdef0"));
    assertEquals(9100, c.http().port(), "flag beats env beats file");
    assertEquals(2, c.http().instances(), "file beats default");
    assertEquals(
        9,
        options(c, "interactions", InteractionsModule.Options.class).batchSize(),
        "env beats file");
    assertEquals(Set.of("router", "identity", "interactions", "gateway"), c.roles());
    assertEquals("0123456789abcdef0", c.adminKey());
    assertEquals(
        500,
        options(c, "gateway", GatewayModule.Config.class).gateway().maxTextLength(),
        "default");
  }

  @Test
  void allExpandsToEveryRole() {
    ChorusConfig c = ChorusConfig.of(Map.of(), MODULES);
    assertEquals(
        Set.of(
            "access",
            "gateway",
            "router",
            "identity",
            "command",
            "egress",
            "interactions",
            "community",
            "moderation",
            "knowledge",
            "ai",
            "bridge",
            "overlay",
            "dashboard",
            "twitch",
            "eventsub",
            "discord",
            "slack"),
        c.roles());
    assertEquals(
        List.of(
            "interactions",
            "access",
            "ai",
            "command",
            "community",
            "egress",
            "identity",
            "knowledge",
            "moderation",
            "overlay",
            "router",
            "bridge",
            "dashboard",
            "discord",
            "eventsub",
            "gateway",
            "slack",
            "twitch"),
        c.modules().stream().map(ChorusConfig.Configured::name).toList(),
        "deployment order: journal, stages, routing, edge");
    assertNull(c.adminKey(), "no key: admin API disabled");
    assertFalse(c.cluster().enabled());
  }

  @Test
  void anInvalidValueNamesTheKeyAndItsSource() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> load(new String[0], Map.of("CHORUS_HTTP_PORT", "eighty")));
    assertEquals(
        "invalid configuration: http.port = 'eighty' (from CHORUS_HTTP_PORT): must be an integer between 0 and 65535",
        e.getMessage());
    ConfigException role =
        assertThrows(
            ConfigException.class, () -> load(new String[] {"--roles", "router,chef"}, Map.of()));
    assertTrue(role.getMessage().contains("unknown role 'chef'"), role.getMessage());
  }

  @Test
  void unknownKeysAndFlagsAreRefused() throws Exception {
    Path file = dir.resolve("typo.yaml");
    Files.writeString(file, "htp:\n  port: 1\n");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> Settings.load(new String[] {"--config", file.toString()}, Map.of(), KEYS));
    assertEquals("unknown configuration key 'htp.port' in " + file, e.getMessage());
    assertThrows(
        ConfigException.class,
        () -> Settings.load(new String[] {"--no-such-flag", "1"}, Map.of(), KEYS));
    assertThrows(
        ConfigException.class,
        () ->
            Settings.load(
                new String[] {"--config", dir.resolve("absent.yaml").toString()}, Map.of(), KEYS));
  }

  @Test
  void secretsComeOnlyFromTheEnvironmentAndAreNeverPrinted() throws Exception {
    Path file = dir.resolve("secret.yaml");
    Files.writeString(file, "admin:\n  key: do-not-put-secrets-here\n");
    ConfigException inFile =
        assertThrows(
            ConfigException.class,
            () -> Settings.load(new String[] {"--config", file.toString()}, Map.of(), KEYS));
    assertFalse(inFile.getMessage().contains("do-not-put-secrets-here"));
    assertThrows(
        ConfigException.class,
        () -> Settings.load(new String[] {"--admin-key", "x"}, Map.of(), KEYS));
    ConfigException tooShort =
        assertThrows(
            ConfigException.class,
            () -> load(new String[0], Map.of("CHORUS_ADMIN_KEY", "short-key")));
    assertFalse(tooShort.getMessage().contains("short-key"), tooShort.getMessage());
  }

  @Test
  void setCannotCarryASecretEither() {
    ConfigException viaSet =
        assertThrows(
            ConfigException.class,
            () ->
                Settings.load(
                    new String[] {"--set", "admin.key=0123456789abcdef-leaked"}, Map.of(), KEYS));
    assertEquals(
        "admin.key is a secret: set it with CHORUS_ADMIN_KEY, not with --set", viaSet.getMessage());
    assertFalse(viaSet.getMessage().contains("leaked"));
    ConfigException pg =
        assertThrows(
            ConfigException.class,
            () -> Settings.load(new String[] {"--set=pg.password=hunter2"}, Map.of(), KEYS));
    assertFalse(pg.getMessage().contains("hunter2"), pg.getMessage());
    assertThrows(
        ConfigException.class,
        () -> Settings.load(new String[] {"--set", "no.such=hunter2"}, Map.of(), KEYS));
    Settings set =
        Settings.load(
            new String[] {"--set", "log.batchSize=9", "--set", "log.maxQueue=900"}, Map.of(), KEYS);
    assertEquals("9", set.string("log.batchSize"), "--set still works for other keys");
    assertEquals("900", set.string("log.maxQueue"), "and may repeat");
  }

  @Test
  void aBadRoutesFileIsAConfigurationErrorNamingTheKey() throws Exception {
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(routes, "routes: [oops\n");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> load(new String[] {"--router-routes", routes.toString()}, Map.of()));
    assertTrue(e.getMessage().startsWith("invalid configuration: router.routes"), e.getMessage());
  }

  private static <O> O options(ChorusConfig c, String role, Class<O> type) {
    return c.modules().stream()
        .filter(m -> m.name().equals(role))
        .map(m -> type.cast(m.options()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theShippedProfileIsValid() {
    ChorusConfig c = load(new String[] {"--config", "conf/chorus.yaml"}, Map.of());
    assertEquals(8080, c.http().port());
    assertEquals("embedded", c.storage().profile());
  }
}
