package dev.chorus.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The envelope is immutable however it is reached, and its {@code with…} methods do not copy what
 * they do not change (it is rebuilt several times per stage on the hot path).
 */
class EnvelopeTest {

  private static final ContextKeys.Speaker ALICE = new ContextKeys.Speaker("p-1", "Alice");

  @Test
  void aMapPassedInIsCopiedSoChangingItLaterChangesNothing() {
    Map<String, Object> context = new HashMap<>(Map.of("person", ALICE));
    Map<String, Object> raw = new HashMap<>(Map.of("tags", "a=b"));
    Envelope base = EnvelopeJsonTest.sample();
    Envelope e =
        new Envelope(
            base.id(),
            base.v(),
            base.type(),
            base.community(),
            base.platform(),
            base.channel(),
            base.author(),
            base.text(),
            raw,
            context,
            base.replies(),
            base.slip(),
            base.trace(),
            base.receivedAt(),
            base.origin());
    context.put("command", "x");
    raw.clear();
    assertEquals(Map.of("person", ALICE), e.context());
    assertEquals(Map.of("tags", "a=b"), e.raw());
  }

  @Test
  void noViewOfTheContextOrRawPayloadCanChangeIt() {
    Envelope e = EnvelopeJsonTest.sample().with(ContextKeys.PERSON, ALICE);
    Map<String, Object> context = e.context();
    assertThrows(UnsupportedOperationException.class, () -> context.put("k", "v"));
    assertThrows(UnsupportedOperationException.class, () -> context.remove("person"));
    assertThrows(UnsupportedOperationException.class, context::clear);
    assertThrows(UnsupportedOperationException.class, () -> context.keySet().remove("person"));
    assertThrows(UnsupportedOperationException.class, () -> context.values().clear());
    Iterator<Map.Entry<String, Object>> entries = context.entrySet().iterator();
    Map.Entry<String, Object> first = entries.next();
    assertThrows(UnsupportedOperationException.class, entries::remove);
    assertThrows(UnsupportedOperationException.class, () -> first.setValue("v"));
    assertThrows(UnsupportedOperationException.class, () -> e.raw().put("k", "v"));
    assertEquals(2, e.context().size());
  }

  @Test
  void unchangedMapsAndListsAreSharedNotCopied() {
    Envelope e = EnvelopeJsonTest.sample();
    Envelope hopped = e.withHop(new Hop("egress", 10, "ok"));
    assertSame(e.context(), hopped.context());
    assertSame(e.raw(), hopped.raw());
    assertSame(e.replies(), hopped.replies());
    Envelope slipped = hopped.withSlip(RoutingSlip.EMPTY);
    assertSame(e.context(), slipped.context());
    assertSame(hopped.trace(), slipped.trace());
    Envelope changed = slipped.with(ContextKeys.STOPPED, new ContextKeys.Stopped("command", "x"));
    assertSame(e.raw(), changed.raw());
    List<String> before = List.copyOf(e.context().keySet());
    List<String> after = List.copyOf(changed.context().keySet());
    assertEquals(before, after.subList(0, before.size()), "earlier entries keep their order");
    assertEquals("stopped", after.get(after.size() - 1), "a new entry goes last");
    assertEquals(before, List.copyOf(e.context().keySet()), "the original is unchanged");
  }

  @Test
  void anEnvelopeBuiltByWithIsEqualToItselfAfterTheWire() {
    Envelope e = EnvelopeJsonTest.sample().with(ContextKeys.PERSON, ALICE);
    assertEquals(e, EnvelopeJson.decode(EnvelopeJson.encodeToString(e)));
  }
}
