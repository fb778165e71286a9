package dev.chorus.command.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.config.ConfigException;
import dev.chorus.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bridge is off by default, needs a real token when on, and takes it from the environment only.
 */
class BridgeModuleTest {

  final BridgeModule module = new BridgeModule();
  final dev.chorus.config.ConfigKeys keys = dev.chorus.ops.Modules.keys();

  @Test
  void offByDefault() {
    assertFalse(module.options(Settings.of(keys, Map.of())).enabled());
  }

  @Test
  void aPortNeedsAToken() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> module.options(Settings.of(keys, Map.of("bridge.port", "7000"))));
    assertTrue(e.getMessage().contains("bridge.token"), e.getMessage());
  }

  @Test
  void theTokenComesFromTheEnvironmentOnly() {
    Settings fromEnv =
        Settings.load(
            new String[] {"--bridge-port", "0"},
            Map.of("CHORUS_BRIDGE_TOKEN", "a-long-enough-token-123"),
            keys);
    BridgeModule.Options options = module.options(fromEnv);
    assertTrue(options.enabled());
    assertEquals("a-long-enough-token-123", options.token());
    assertThrows(
        ConfigException.class,
        () ->
            Settings.load(
                new String[] {"--bridge-token", "a-long-enough-token-123"}, Map.of(), keys));
  }

  @Test
  void theWebSocketBridgeNeedsATokenToo() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> module.options(Settings.of(keys, Map.of("bridge.sockjs", "true"))));
    assertTrue(e.getMessage().contains("bridge.token"), e.getMessage());
    BridgeModule.Options on =
        module.options(
            Settings.of(
                keys, Map.of("bridge.sockjs", "true", "bridge.token", "a-long-enough-token-123")));
    assertTrue(on.sockJs());
    assertFalse(on.enabled(), "the TCP bridge stays off");
  }

  @Test
  void aShortTokenIsRefused() {
    Settings weak =
        Settings.load(
            new String[] {"--bridge-port", "0"}, Map.of("CHORUS_BRIDGE_TOKEN", "short"), keys);
    assertThrows(ConfigException.class, () -> module.options(weak));
  }
}
