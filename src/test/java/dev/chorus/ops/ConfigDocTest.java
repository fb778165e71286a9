package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.chorus.config.ConfigKey;
import dev.chorus.module.ChorusModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md}'s roles and keys tables are generated from the modules ({@link
 * Help}); this test fails when they fall behind the code. Regenerate with {@code mvn test
 * -Dtest=ConfigDocTest -Dchorus.writeDocs=true}.
 */
class ConfigDocTest {

  private static final Path DOC = Path.of("docs/configuration.md");

  @Test
  void theConfigurationPageShowsEveryRoleAndKey() throws Exception {
    List<ChorusModule<?>> modules = Modules.discovered();
    for (ConfigKey key : Modules.keys().all()) {
      assertFalse(key.description().isBlank(), key.path() + " has no description");
    }
    String doc = Files.readString(DOC);
    String expected =
        replace(
            replace(doc, "roles", Help.rolesMarkdown(modules)), "keys", Help.keysMarkdown(modules));
    if (Boolean.getBoolean("chorus.writeDocs")) {
      Files.writeString(DOC, expected);
    }
    assertEquals(expected, doc, "docs/configuration.md is out of date: see this test's comment");
  }

  @Test
  void helpListsEveryRoleAndKey() {
    List<ChorusModule<?>> modules = Modules.discovered();
    String help = Help.text(modules);
    modules.forEach(m -> assertContains(help, "  " + m.name() + " "));
    Modules.keys().all().forEach(k -> assertContains(help, k.env()));
  }

  private static void assertContains(String text, String part) {
    if (!text.contains(part)) {
      throw new AssertionError("missing " + part);
    }
  }

  /** {@code doc} with the block between the section's markers replaced by {@code table}. */
  private static String replace(String doc, String section, String table) {
    String begin = "<!-- generated:" + section;
    String end = "<!-- end:" + section + " -->";
    int from = doc.indexOf('\n', doc.indexOf(begin)) + 1;
    int to = doc.indexOf(end);
    if (from <= 0 || to < from) {
      throw new AssertionError("docs/configuration.md lacks the " + section + " markers");
    }
    return doc.substring(0, from) + table + doc.substring(to);
  }
}
