package dev.chorus.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.BitSet;
import java.util.function.ToLongFunction;

/**
 * After a run: is every acknowledged event in the interaction log? Reads the embedded profile's H2
 * database directly (after the server stopped, or in the same JVM while it runs) and compares the
 * client ids of the run's logged events (the last part of their idempotency key, {@code
 * web:<user>:<client id>}) with the acknowledged ones.
 *
 * @param missing acknowledged but not in the log (must be 0: "accepted means journaled")
 * @param extra in the log but never acknowledged (journaled, then the ack was lost or refused late)
 */
public record LogCheck(long logged, long missing, long extra) {

  /** The JDBC URL Chorus's embedded profile uses for {@code <dataDir>/chorus}. */
  public static String h2Url(Path dataDir) {
    return dev.chorus.store.h2.H2Options.file(dataDir, "chorus", 1).jdbcUrl();
  }

  /**
   * @param seqOf the sequence number of a logged event id of this run, or -1 for an id that is not
   */
  public static LogCheck against(
      Path dataDir, String community, LoadGenerator.Result result, ToLongFunction<String> seqOf)
      throws Exception {
    BitSet logged = new BitSet();
    long count = 0;
    long foreign = 0;
    try (Connection c = DriverManager.getConnection(h2Url(dataDir), "sa", "");
        PreparedStatement q =
            c.prepareStatement(
                "SELECT k.idem_key FROM interactions i JOIN idempotency_keys k"
                    + " ON k.community = i.community AND k.event_id = i.id"
                    + " WHERE i.community = ? AND i.kind = 'event'")) {
      q.setString(1, community);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(1);
          long seq = seqOf.applyAsLong(key.substring(key.lastIndexOf(':') + 1));
          count++;
          if (seq < 0 || seq > Integer.MAX_VALUE) {
            foreign++;
          } else {
            logged.set((int) seq);
          }
        }
      }
    }
    long[] missing = {0};
    BitSet acked = new BitSet();
    result
        .acked()
        .accept(
            seq -> {
              acked.set((int) seq);
              if (!logged.get((int) seq)) {
                missing[0]++;
              }
            });
    logged.andNot(acked);
    return new LogCheck(count, missing[0], logged.cardinality() + foreign);
  }
}
