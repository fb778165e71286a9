package dev.chorus.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code /health/ready} sums its checks up: degraded is still ready, down is not. */
class ReadyStatusTest {

  @Test
  void anyDownIsDownAnyDegradedIsDegradedElseUp() {
    assertEquals("UP", HttpServerVerticle.overall(List.of()));
    assertEquals("UP", HttpServerVerticle.overall(List.of("UP", "UP")));
    assertEquals("DEGRADED", HttpServerVerticle.overall(List.of("UP", "DEGRADED")));
    assertEquals("DOWN", HttpServerVerticle.overall(List.of("DEGRADED", "DOWN", "UP")));
  }
}
