package dev.chorus.store.sql;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Row mapping shared by the SQL adapters. Both clients hand {@code TIMESTAMP WITH TIME ZONE} back
 * as {@link OffsetDateTime} and take it as a parameter, so that is the one time type crossing the
 * wire.
 *
 * <p>Use {@link RowSet#size()} for queries and {@link RowSet#rowCount()} for updates: the JDBC pool
 * reports {@code -1} for the other one, where the PostgreSQL client fills in both.
 */
public final class Rows {

  private Rows() {}

  public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> map) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(map.apply(it.next())) : Optional.empty();
  }

  public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
    List<T> out = new ArrayList<>();
    rows.forEach(r -> out.add(map.apply(r)));
    return out;
  }

  /** True when an update, insert or delete changed at least one row. */
  public static boolean changed(RowSet<Row> rows) {
    return rows.rowCount() > 0;
  }

  public static Instant instant(Row row, int column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  /** An instant as a {@code TIMESTAMP WITH TIME ZONE} parameter. */
  public static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
