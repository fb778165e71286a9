package dev.chorus.command;

import dev.chorus.event.ContextKeys;
import dev.chorus.event.Envelope;
import dev.chorus.event.EventType;
import dev.chorus.stage.StageVerticle;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * The command stage: parses {@code !name args} and answers the built-in commands ({@code !ping},
 * {@code !help}, {@code !commands}). The parsed command goes into the context as {@code command}
 * ({@code name}, {@code args}, {@code known}); messages that are not commands pass through
 * unchanged.
 */
public final class CommandVerticle extends StageVerticle {

  public static final String NAME = "command";

  private final String prefix;
  private final BuiltinCommands builtins;

  public CommandVerticle(String prefix) {
    this.prefix = prefix;
    this.builtins = new BuiltinCommands(prefix);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected Future<Envelope> process(Envelope envelope) {
    if (!EventType.CHAT_MESSAGE.equals(envelope.type())) {
      return done(envelope);
    }
    Optional<CommandInvocation> parsed = CommandInvocation.parse(envelope.text(), prefix);
    if (parsed.isEmpty()) {
      return done(envelope);
    }
    CommandInvocation invocation = parsed.get();
    Optional<String> answer =
        builtins.answer(invocation, envelope.get(ContextKeys.PERSON).orElse(null));
    Envelope out =
        envelope.with(
            ContextKeys.COMMAND,
            new ContextKeys.Command(invocation.name(), invocation.args(), answer.isPresent()));
    return done(answer.map(text -> out.reply(NAME, text)).orElse(out));
  }
}
