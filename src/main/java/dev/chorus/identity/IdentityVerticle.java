package dev.chorus.identity;

import dev.chorus.event.Author;
import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.stage.StageVerticle;
import io.vertx.core.Future;
import java.util.Objects;

/**
 * The identity stage: who is this? Resolves the author's platform account to a {@link Person}
 * (created on first sight, display name kept current) and adds it to the context as {@code person}.
 * Events without an author pass through unchanged.
 */
public final class IdentityVerticle extends StageVerticle {

  public static final String NAME = "identity";

  private final IdentityStore store;

  public IdentityVerticle(IdentityStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Future<Envelope> process(Envelope envelope) {
    Author author = envelope.author();
    if (author == null) {
      return done(envelope);
    }
    return store
        .resolve(
            envelope.community(),
            envelope.platform(),
            author.id(),
            author.login(),
            author.displayName())
        .map(
            person ->
                envelope.with(
                    ContextKeys.PERSON,
                    new ContextKeys.Speaker(person.id(), person.displayName())));
  }
}
