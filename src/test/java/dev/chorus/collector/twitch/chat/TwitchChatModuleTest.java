package dev.chorus.collector.twitch.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.config.ConfigException;
import dev.chorus.config.ConfigKeys;
import dev.chorus.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport and trust keys of the Twitch chat role: defaults and refusals naming the key. */
class TwitchChatModuleTest {

  final TwitchChatModule module = new TwitchChatModule();
  final ConfigKeys keys = ConfigKeys.of(module.keys());

  TwitchChatOptions options(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(extra);
    values.put("twitch.login", "chorusbot");
    values.put("twitch.token", "s3cr3t-token");
    return module.options(Settings.of(keys, values)).orElseThrow().chat();
  }

  @Test
  void tcpWithTheJdksTrustByDefault() {
    TwitchChatOptions o = options(Map.of());
    assertFalse(o.websocket());
    assertEquals("", o.trustPath());
    assertEquals(TwitchChatOptions.TWITCH_WEBSOCKET, o.websocketUrl());
  }

  @Test
  void websocketAndAReadableTrustFile(@TempDir Path dir) throws Exception {
    Path pem = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    TwitchChatOptions o =
        options(
            Map.of(
                "twitch.transport", "websocket",
                "twitch.websocketUrl", "ws://127.0.0.1:8080/irc",
                "twitch.trustPath", pem.toString()));
    assertTrue(o.websocket());
    assertEquals("ws://127.0.0.1:8080/irc", o.websocketUrl());
    assertEquals(pem.toString(), o.trustPath());
  }

  @Test
  void badValuesStopStartUpNamingTheKey(@TempDir Path dir) {
    assertRefused("twitch.transport", Map.of("twitch.transport", "udp"));
    assertRefused("twitch.websocketUrl", Map.of("twitch.websocketUrl", "https://x.example"));
    assertRefused("twitch.websocketUrl", Map.of("twitch.websocketUrl", "wss://"));
    assertRefused(
        "twitch.trustPath", Map.of("twitch.trustPath", dir.resolve("missing.pem").toString()));
  }

  private void assertRefused(String key, Map<String, String> values) {
    ConfigException e = assertThrows(ConfigException.class, () -> options(values));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
