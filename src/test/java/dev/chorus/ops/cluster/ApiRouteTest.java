package dev.chorus.ops.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin routes of a presence entry, and which requests they match (decision 136). */
class ApiRouteTest {

  @Test
  void aRouteMatchesItsMethodAndOneSegmentPerParameter() {
    ApiRoute timer =
        ApiRoute.parse("PUT /api/v1/communities/:community/timers/:name").orElseThrow();
    assertTrue(timer.matches("PUT", "/api/v1/communities/demo/timers/hydrate"));
    assertTrue(timer.matches("put", "/api/v1/communities/demo/timers/hydrate"));
    assertFalse(timer.matches("GET", "/api/v1/communities/demo/timers/hydrate"));
    assertFalse(timer.matches("PUT", "/api/v1/communities/demo/timers"));
    assertFalse(timer.matches("PUT", "/api/v1/communities/demo/timers/a/b"));
    assertFalse(timer.matches("PUT", "/api/v1/communities//timers/x"));
    assertFalse(timer.matches("PUT", "/api/v1/communities/demo/quotes/x"));
  }

  @Test
  void literalSegmentsAreLiteralEvenWithRegexCharacters() {
    ApiRoute doc = ApiRoute.parse("GET /api/v1/a.b").orElseThrow();
    assertTrue(doc.matches("GET", "/api/v1/a.b"));
    assertFalse(doc.matches("GET", "/api/v1/aXb"));
  }

  @Test
  void unreadableRoutesAreIgnored() {
    for (String bad : List.of("", "GET", "GET ", "/api/v1/x", "GET api/v1/x", " /api")) {
      assertTrue(ApiRoute.parse(bad).isEmpty(), "'" + bad + "'");
    }
  }

  @Test
  void thePresenceEntryCarriesTheRoutesAndOldEntriesHaveNone() {
    String entry =
        Presence.encode(Map.of("command", 2), List.of("GET /api/v1/communities/:community/timers"));
    assertEquals(Map.of("command", 2), Presence.decode(entry));
    assertEquals(List.of("GET /api/v1/communities/:community/timers"), Presence.api(entry));
    assertEquals(List.of(), Presence.api(Presence.encode(Map.of("router", 1))));
    assertEquals(List.of(), Presence.api("{\"roles\":{},\"api\":[1,{\"x\":2}]}"));
    assertEquals(List.of(), Presence.api("not json"));
  }
}
