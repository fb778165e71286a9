package dev.chorus.example;

import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.stage.StageVerticle;
import io.vertx.core.Future;

/** A test-scope stage: echoes chat text back, naming the person identity resolved. */
final class EchoStage extends StageVerticle {

  static final String NAME = "echo";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Future<Envelope> process(Envelope envelope) {
    String who =
        envelope.get(ContextKeys.PERSON).map(ContextKeys.Speaker::displayName).orElse("nobody");
    return done(envelope.reply(NAME, "echo: " + envelope.text() + " (from " + who + ")"));
  }
}
