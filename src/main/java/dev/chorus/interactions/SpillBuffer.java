package dev.chorus.interactions;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The local spill buffer of one log writer: rows accepted while the interaction log's store is down
 * or stalled, kept on local disk in an H2 MVStore file until they are drained to the store in the
 * order they came. MVStore writes checksummed chunks and, on open, ignores a chunk that was torn by
 * a crash, so a row is either wholly there or not at all; {@link #append} commits and forces the
 * file before it returns, so a row it accepted survives {@code kill -9}.
 *
 * <p>Events are also indexed by their idempotency key (within the community) and every row by its
 * id, so a resend while the first copy waits here is recognised. Bounded by {@code maxRows}: past
 * it {@link #append} refuses the whole batch (the caller answers {@code unavailable}).
 *
 * <p>Blocking; not thread-safe: one caller at a time (the writer's ordered worker calls).
 */
public final class SpillBuffer implements AutoCloseable {

  /** What {@link #append} did with one row: spilled now, or the id of the row that holds it. */
  public record Spilled(boolean isNew, String holder) {}

  /** A spilled row and its place in the buffer. */
  public record Entry(long seq, Interaction row) {}

  /** The buffer has no room for the batch. */
  public static final class FullException extends RuntimeException {
    public FullException(String message) {
      super(message, null, false, false);
    }
  }

  private final MVStore store;
  private final MVMap<Long, String> rows;
  private final MVMap<String, Long> ids;
  private final MVMap<String, String> keys;
  private final MVMap<String, Boolean> finished;
  private final int maxRows;
  private final Path file;
  private long next;

  private SpillBuffer(Path file, int maxRows) {
    this.file = file;
    this.maxRows = maxRows;
    this.store =
        new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().cacheSize(4).open();
    this.rows = store.openMap("rows");
    this.ids = store.openMap("ids");
    this.keys = store.openMap("keys");
    this.finished = store.openMap("finished");
    Long last = rows.lastKey();
    this.next = last == null ? 1 : last + 1;
  }

  /**
   * Opens (or creates) the buffer file; fails when another writer holds it (MVStore locks the file
   * for as long as it is open).
   */
  public static SpillBuffer open(Path file, int maxRows) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new SpillBuffer(file, maxRows);
  }

  public Path file() {
    return file;
  }

  /** Rows waiting to be drained. */
  public int size() {
    return rows.size();
  }

  /** When the oldest waiting row was accepted, or {@code null} when none waits. */
  public Instant oldest() {
    Long first = rows.firstKey();
    return first == null ? null : decode(rows.get(first)).at();
  }

  /**
   * Spills {@code batch} and forces it to disk. A row whose id, or event key, is already in the
   * buffer is not spilled again: its answer names the row that holds it.
   *
   * @throws FullException when the new rows would not fit ({@code maxRows}); nothing is spilled
   */
  public List<Spilled> append(List<Interaction> batch) {
    List<Spilled> answers = new ArrayList<>(batch.size());
    Map<String, Long> newIds = new java.util.HashMap<>();
    Map<String, String> newKeys = new java.util.HashMap<>();
    List<Interaction> fresh = new ArrayList<>();
    for (Interaction row : batch) {
      String key = keyOf(row);
      String holder = key == null ? null : keys.get(key);
      if (holder == null && key != null) {
        holder = newKeys.get(key);
      }
      if (holder == null && (ids.containsKey(row.id()) || newIds.containsKey(row.id()))) {
        holder = row.id();
      }
      if (holder != null) {
        answers.add(new Spilled(false, holder));
        continue;
      }
      newIds.put(row.id(), 0L);
      if (key != null) {
        newKeys.put(key, row.id());
      }
      fresh.add(row);
      answers.add(new Spilled(true, row.id()));
    }
    if (fresh.isEmpty()) {
      return answers;
    }
    if (rows.size() + fresh.size() > maxRows) {
      throw new FullException(
          "the spill buffer is full (" + rows.size() + " of " + maxRows + " rows)");
    }
    for (Interaction row : fresh) {
      long seq = next++;
      rows.put(seq, encode(row));
      ids.put(row.id(), seq);
      String key = keyOf(row);
      if (key != null) {
        keys.put(key, row.id());
      }
    }
    store.commit();
    store.sync();
    return answers;
  }

  /** The spilled event that holds {@code key} in {@code community}, or {@code null}. */
  public String holder(String community, String key) {
    return keys.get(community + "\u0000" + key);
  }

  /** Records events that finished while their rows could not reach the store. */
  public void finished(List<String> eventIds) {
    for (String id : eventIds) {
      finished.put(id, Boolean.TRUE);
    }
    store.commit();
  }

  /** The oldest {@code limit} waiting rows, in the order they were spilled. */
  public List<Entry> peek(int limit) {
    List<Entry> out = new ArrayList<>(Math.min(limit, rows.size()));
    Iterator<Long> it = rows.keyIterator(null);
    while (it.hasNext() && out.size() < limit) {
      long seq = it.next();
      out.add(new Entry(seq, decode(rows.get(seq))));
    }
    return out;
  }

  /** Finished marks waiting to be written, at most {@code limit}. */
  public List<String> peekFinished(int limit) {
    List<String> out = new ArrayList<>();
    Iterator<String> it = finished.keyIterator(null);
    while (it.hasNext() && out.size() < limit) {
      out.add(it.next());
    }
    return out;
  }

  /**
   * Forgets rows (and finished marks) that the store now holds. Not forced: a crash before the next
   * sync only drains them once more, which the store's idempotent append absorbs.
   */
  public void remove(List<Entry> drained, List<String> finishedIds) {
    for (Entry e : drained) {
      rows.remove(e.seq());
      ids.remove(e.row().id());
      String key = keyOf(e.row());
      if (key != null) {
        keys.remove(key, e.row().id());
      }
    }
    for (String id : finishedIds) {
      finished.remove(id);
    }
    store.commit();
  }

  @Override
  public void close() {
    store.close();
  }

  private static String keyOf(Interaction row) {
    return row.kind() == Interaction.Kind.EVENT
        ? row.community() + "\u0000" + row.effectiveKey()
        : null;
  }

  static String encode(Interaction r) {
    return new JsonObject()
        .put("id", r.id())
        .put("kind", r.kind().dbName())
        .put("type", r.type())
        .put("community", r.community())
        .put("platform", r.platform())
        .put("channelId", r.channelId())
        .put("authorId", r.authorId())
        .put("authorName", r.authorName())
        .put("text", r.text())
        .put("inReplyTo", r.inReplyTo())
        .put("at", r.at().toString())
        .put("payload", r.payload())
        .put("key", r.key())
        .encode();
  }

  static Interaction decode(String json) {
    JsonObject o = new JsonObject(json);
    return new Interaction(
        o.getString("id"),
        Interaction.Kind.fromDb(o.getString("kind")),
        o.getString("type"),
        o.getString("community"),
        o.getString("platform"),
        o.getString("channelId"),
        o.getString("authorId"),
        o.getString("authorName"),
        o.getString("text"),
        o.getString("inReplyTo"),
        Instant.parse(o.getString("at")),
        o.getString("payload"),
        o.getString("key"));
  }
}
