package dev.chorus.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which package may import which (docs/architecture.md, "Packages"). The layers, bottom up: the
 * contract and the plumbing that depend on no other Chorus package; the module SPI and the stage
 * base over them; the processors, each of which may use the layers below but never another
 * processor; and the composition root, which may use everything.
 */
class PackageRulesTest {

  private static final Path MAIN = Path.of("src/main/java/dev/chorus");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?dev\\.chorus\\.([a-z0-9]+)[.;]", Pattern.MULTILINE);

  /**
   * Packages every processor may use. {@code state} and {@code community} are store ports (an
   * interface and its adapters, no verticle): stages read short-lived state and per-community
   * settings through them.
   */
  private static final Set<String> SHARED =
      Set.of(
          "event",
          "config",
          "metrics",
          "module",
          "stage",
          "store",
          "embedding",
          "logging",
          "text",
          "state");

  /**
   * Store ports every processor may use (decision 040): short-lived shared state (cooldowns, rate
   * limits) and the community registry with its settings. They hold data, not behaviour.
   */
  private static final Set<String> STORE_PORTS = Set.of("state", "community");

  /** What each layer below the processors may import (besides itself). */
  private static final Map<String, Set<String>> LOWER =
      Map.of(
          "event", Set.of(),
          "config", Set.of(),
          "metrics", Set.of(),
          "embedding", Set.of(),
          "logging", Set.of(),
          "text", Set.of(),
          "store", Set.of(),
          "state", Set.of(),
          "stage", Set.of("event"),
          "module", Set.of("event", "config", "metrics"));

  @Test
  void everyImportFollowsTheLayers() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String owner = MAIN.relativize(file).getName(0).toString();
        if (owner.equals("ops") || owner.endsWith(".java")) {
          continue; // the composition root may use everything
        }
        Matcher imports = IMPORT.matcher(Files.readString(file));
        while (imports.find()) {
          String used = imports.group(1);
          if (!used.equals(owner) && !allowed(owner, used)) {
            violations.add(MAIN.relativize(file) + " imports dev.chorus." + used);
          }
        }
      }
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void theRulesSeeEveryPackage() throws IOException {
    try (Stream<Path> dirs = Files.list(MAIN)) {
      List<String> packages =
          dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).toList();
      assertTrue(packages.containsAll(LOWER.keySet()), "a lower package was renamed: " + packages);
    }
  }

  private static boolean allowed(String owner, String used) {
    if (used.equals("ops")) {
      return false;
    }
    Set<String> lower = LOWER.get(owner);
    if (lower != null) {
      return lower.contains(used);
    }
    // a processor: the shared layers and the shared store ports, never another processor
    return SHARED.contains(used) || STORE_PORTS.contains(used);
  }
}
