package dev.chorus.command;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * A community's custom commands, aliases, quotes, counters and timers.
 *
 * <p>Adapters: {@code command.sql.SqlCommandStore} on H2 and on PostgreSQL; both pass {@code
 * CommandStoreContract}. Counters and quote numbers are assigned atomically in the database, so
 * concurrent {@code !count} or {@code !addquote} from any number of processes never lose an update
 * or reuse a number.
 */
public interface CommandStore {

  /** Creates or replaces a custom command. */
  Future<Void> putCommand(CustomCommand command);

  Future<Optional<CustomCommand>> command(String community, String name);

  /** All custom commands of a community, by name. */
  Future<List<CustomCommand>> commands(String community);

  Future<Boolean> deleteCommand(String community, String name);

  /** Creates or replaces an alias ({@code !so} → {@code shoutout}). */
  Future<Void> putAlias(Alias alias);

  Future<Optional<Alias>> alias(String community, String alias);

  Future<List<Alias>> aliases(String community);

  Future<Boolean> deleteAlias(String community, String alias);

  /** Adds a quote under the community's next number (1, 2, 3 … never reused). */
  Future<Quote> addQuote(String community, String text, String addedBy);

  Future<Optional<Quote>> quote(String community, long number);

  /** A uniformly chosen quote, empty when the community has none. */
  Future<Optional<Quote>> randomQuote(String community);

  Future<Boolean> deleteQuote(String community, long number);

  /** Up to {@code limit} quotes numbered above {@code after}, by number (a page of the list). */
  Future<List<Quote>> quotes(String community, long after, int limit);

  /** Adds {@code delta} to a counter (created at 0) and returns the new value, atomically. */
  Future<Long> increment(String community, String counter, long delta);

  /** A counter's value, 0 when it does not exist. */
  Future<Long> counter(String community, String counter);

  Future<Void> setCounter(String community, String counter, long value);

  /** Creates or replaces a timer. */
  Future<Void> putTimer(CommandTimer timer);

  Future<List<CommandTimer>> timers(String community);

  Future<Boolean> deleteTimer(String community, String name);
}
