package dev.chorus.ops;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.chorus.config.ConfigException;
import dev.chorus.ops.config.ChorusConfig;
import dev.chorus.router.RouteTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets: any profile file either loads into a validated configuration or stops with a {@link
 * ConfigException} (the message names the key; start-up exits 2), and any routes document either
 * parses or is refused with {@link IllegalArgumentException}. Nothing else may escape. In a plain
 * {@code mvn test} only the committed inputs run ({@code ConfigFuzzTestInputs/}).
 */
class ConfigFuzzTest {

  private static final List<dev.chorus.module.ChorusModule<?>> MODULES = Modules.discovered();

  @FuzzTest(maxDuration = "60s")
  void profile(byte[] input) throws IOException {
    Path file = Files.createTempFile("chorus-fuzz", ".yaml");
    try {
      Files.write(file, input);
      ChorusConfig.load(new String[] {"--config", file.toString()}, Map.of(), MODULES);
    } catch (ConfigException refused) {
      if (refused.getMessage() == null || refused.getMessage().isBlank()) {
        throw new IllegalStateException("a refusal without a message", refused);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void routes(byte[] input) {
    try {
      RouteTable.parse(new String(input, StandardCharsets.UTF_8), "fuzz.yaml");
    } catch (IllegalArgumentException refused) {
      if (refused.getMessage() == null || !refused.getMessage().contains("fuzz.yaml")) {
        throw new IllegalStateException("a refusal that does not name the file", refused);
      }
    }
  }
}
