package dev.chorus.ops;

import dev.chorus.config.ConfigKey;
import dev.chorus.module.ChorusModule;
import dev.chorus.ops.config.CoreKeys;
import java.util.List;

/**
 * What {@code --help} prints and what {@code docs/configuration.md} shows: the roles and every key,
 * generated from the modules so neither can fall behind the code.
 */
public final class Help {

  private Help() {}

  /** The terminal text of {@code --help}. */
  public static String text(List<? extends ChorusModule<?>> modules) {
    StringBuilder out = new StringBuilder();
    out.append("Usage: java -jar chorus.jar [--config FILE] [--roles ROLES] [--KEY VALUE]...")
        .append(" [--set KEY=VALUE]...\n\nRoles (--roles, CHORUS_ROLES; default all):\n");
    for (ChorusModule<?> m : modules) {
      out.append(String.format("  %-14s %s%n", m.name(), m.description()));
    }
    out.append("\nConfiguration keys (profile key, environment variable, flag, default):\n");
    for (ConfigKey key : CoreKeys.with(modules).all()) {
      out.append(
          String.format(
              "  %-32s %-40s %s%n      %s%n",
              key.path(),
              key.env(),
              key.secret() ? "(environment only)" : key.flag() + " [" + key.defaultValue() + "]",
              key.description()));
    }
    return out.toString();
  }

  /** The roles table of {@code docs/configuration.md}. */
  public static String rolesMarkdown(List<? extends ChorusModule<?>> modules) {
    StringBuilder out = new StringBuilder("| role | phase | what it runs |\n|---|---|---|\n");
    for (ChorusModule<?> m : modules) {
      out.append("| `")
          .append(m.name())
          .append("` | ")
          .append(m.phase().name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ")
          .append(m.description())
          .append(" |\n");
    }
    return out.toString();
  }

  /** The keys table of {@code docs/configuration.md}. */
  public static String keysMarkdown(List<? extends ChorusModule<?>> modules) {
    StringBuilder out =
        new StringBuilder(
            "| key | environment | flag | default | meaning |\n|---|---|---|---|---|\n");
    for (ConfigKey key : CoreKeys.with(modules).all()) {
      out.append("| `")
          .append(key.path())
          .append("` | `")
          .append(key.env())
          .append("` | ")
          .append(key.secret() ? "(environment only)" : "`" + key.flag() + "`")
          .append(" | ")
          .append(key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`")
          .append(" | ")
          .append(key.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }
}
