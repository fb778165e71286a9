package dev.chorus.bench.micro;

import dev.chorus.event.Author;
import dev.chorus.event.Channel;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.event.Hop;
import dev.chorus.event.Platforms;
import dev.chorus.event.RoutingSlip;
import dev.chorus.event.Step;
import java.time.Instant;
import java.util.List;

/** Typical inputs shared by the micro-benchmarks. */
final class Fixtures {

  static final String FRAME =
      "{\"type\":\"chat.message\",\"community\":\"demo\",\"channel\":\"demo\","
          + "\"user\":{\"id\":\"u123\",\"name\":\"alice\"},\"text\":\"!ping\",\"id\":\"0190a4c2-7b1e-7c3d-8e4f-0123456789ab\"}";

  private Fixtures() {}

  /**
   * An envelope as the router sees it half-way: person in the context, a reply, a slip and a trace.
   */
  static Envelope envelope() {
    Envelope e =
        Envelope.accepted(
            EventType.CHAT_MESSAGE,
            "demo",
            Platforms.WEB,
            new Channel("demo", "demo"),
            new Author("u123", "alice", "Alice", List.of("subscriber")),
            "!ping",
            Instant.parse("2026-01-01T12:00:00Z"),
            "gw-1");
    return e.with(
            ContextKeys.PERSON,
            new ContextKeys.Speaker("0190a4c2-7b1e-7c3d-8e4f-0123456789ac", "Alice"))
        .reply("command", "pong")
        .withSlip(new RoutingSlip(List.of(new Step("egress", false, 2000, 0, true))))
        .withHop(new Hop("identity", 120, "ok"))
        .withHop(new Hop("command", 40, "ok"));
  }
}
