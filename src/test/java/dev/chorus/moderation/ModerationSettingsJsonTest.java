package dev.chorus.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.PermissionLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModerationSettingsJsonTest {

  @Test
  void defaultsTurnEveryRuleOn() {
    ModerationSettings d = ModerationSettings.defaults();
    assertEquals(PermissionLevel.MODERATOR, d.exemptLevel());
    assertTrue(
        d.links().enabled()
            && d.obfuscatedLinks().enabled()
            && d.caps().enabled()
            && d.symbols().enabled()
            && d.emotes().enabled()
            && d.repetition().enabled()
            && d.copyPasta().enabled()
            && d.length().enabled()
            && d.blockedTerms().enabled()
            && d.newAccounts().enabled()
            && d.detector().enabled());
  }

  @Test
  void roundTripsThroughJson() {
    ModerationSettings d = ModerationSettings.defaults();
    String json = ModerationSettingsJson.write(d);
    assertTrue(
        json.contains("\"obfuscatedLinks\":{\"enabled\":true,\"action\":\"timeout:60\"}"), json);
    assertEquals(d, ModerationSettingsJson.read(json));
  }

  @Test
  void keysLeftOutTakeTheirDefaults() {
    ModerationSettings s =
        ModerationSettingsJson.read(
            "{\"caps\":{\"minLetters\":30},\"links\":{\"allowedDomains\":[\"example.org\"]}}");
    assertEquals(30, s.caps().minLetters());
    assertEquals(ModerationSettings.defaults().caps().maxRatio(), s.caps().maxRatio());
    assertEquals(List.of("example.org"), s.links().allowedDomains(), "lists replace");
    assertEquals(ModerationSettings.defaults().detector(), s.detector());
    assertEquals(ModerationSettings.defaults(), ModerationSettingsJson.read("{}"));
  }

  @Test
  void unknownKeysFailNamingTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModerationSettingsJson.read("{\"caps\":{\"minLeters\":30}}"));
    assertTrue(e.getMessage().contains("caps.minLeters"), e.getMessage());
  }

  @Test
  void badValuesFailNamingTheKey() {
    IllegalArgumentException ratio =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModerationSettingsJson.read("{\"caps\":{\"maxRatio\":1.5}}"));
    assertTrue(ratio.getMessage().contains("caps.maxRatio"), ratio.getMessage());
    IllegalArgumentException action =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModerationSettingsJson.read("{\"links\":{\"action\":\"ban\"}}"));
    assertTrue(action.getMessage().contains("links.action"), action.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ModerationSettingsJson.read("[]"));
    IllegalArgumentException nullAction =
        assertThrows(
            IllegalArgumentException.class,
            () -> ModerationSettingsJson.read("{\"caps\":{\"action\":null}}"));
    assertTrue(nullAction.getMessage().contains("caps.action"), nullAction.getMessage());
  }

  @Test
  void actionsReadAsTheyAct() {
    assertEquals(ModerationAction.timeout(600), ModerationAction.parse("timeout:600"));
    assertEquals(ModerationAction.DELETE, ModerationAction.parse(" Delete "));
    assertThrows(IllegalArgumentException.class, () -> ModerationAction.parse("timeout"));
    assertThrows(IllegalArgumentException.class, () -> ModerationAction.parse("timeout:0"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ModerationAction(ModerationAction.Kind.DELETE, 5));
  }
}
