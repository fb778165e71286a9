package dev.chorus.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.event.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {

  @Test
  void parsesShorthandAndMappingStepsWithDefaults() {
    RouteTable table =
        RouteTable.parse(
            """
        defaults: { timeoutMs: 750, retries: 2 }
        routes:
          chat.message:
            - identity
            - { stage: knowledge, optional: true, timeoutMs: 300, retries: 0 }
            - { stage: egress, always: true }
          "*": [ identity ]
        """,
            "t");
    List<Step> steps = table.slipFor("chat.message").orElseThrow().steps();
    assertEquals(new Step("identity", false, 750, 2, false), steps.get(0));
    assertEquals(new Step("knowledge", true, 300, 0, false), steps.get(1));
    assertEquals(new Step("egress", false, 750, 2, true), steps.get(2));
    assertEquals(
        "identity", table.slipFor("stream.raid").orElseThrow().head().stage(), "fallback route");
  }

  @Test
  void errorsNameTheRouteAndStep() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RouteTable.parse(
                    """
        routes:
          chat.message:
            - identity
            - { stage: command, timeout: 5 }
        """,
                    "routes.yaml"));
    assertEquals(
        "routes.yaml: route 'chat.message' step 2: unknown field 'timeout'", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> RouteTable.parse("routes: { a: [ { stage: x, timeoutMs: 0 } ] }", "t"));
    assertThrows(
        IllegalArgumentException.class,
        () -> RouteTable.parse("routes: { a: [ \"Bad Name\" ] }", "t"));
    assertThrows(IllegalArgumentException.class, () -> RouteTable.parse("nothing: here", "t"));
  }

  @Test
  void aMissingRelativeFileFallsBackToTheBundledCopyAndOtherwiseFailsClearly() {
    RouteTable bundled = RouteTable.load(Path.of("bundled/routes-only-on-classpath.yaml"));
    assertEquals(
        List.of("identity", "egress"),
        bundled.slipFor("chat.message").orElseThrow().steps().stream().map(Step::stage).toList());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> RouteTable.load(Path.of("conf/nope.yaml")));
    assertTrue(
        missing.getMessage().startsWith("cannot read routes file conf/nope.yaml"),
        missing.getMessage());
  }

  @Test
  void theShippedRoutesFileLoadsAndEndsChatMessagesWithEgress() {
    RouteTable table = RouteTable.load(Path.of("conf/routes.yaml"));
    List<Step> steps = table.slipFor("chat.message").orElseThrow().steps();
    Step last = steps.get(steps.size() - 1);
    assertEquals("egress", last.stage());
    assertTrue(last.always());
  }
}
