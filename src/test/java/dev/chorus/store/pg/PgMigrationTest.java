package dev.chorus.store.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.chorus.store.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Processes starting together migrate a fresh schema once, without errors. */
class PgMigrationTest {

  /** Every migration of {@code db/pg}, by version. */
  private static final List<String> MIGRATIONS = migrations();

  private static List<String> migrations() {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/pg"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .map(n -> n.substring(1, n.indexOf("__")))
          .sorted(java.util.Comparator.comparingInt(Integer::parseInt))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void concurrentStartUpsMigrateOnce() throws Exception {
    String schema = TestServices.newSchema();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Object>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(
            pool.submit(
                (Callable<Object>)
                    () -> {
                      PgDatabase.migrateBlocking(TestServices.pg(schema, 1));
                      return null;
                    }));
      }
      for (Future<Object> run : runs) {
        run.get();
      }
      var options = PgDatabase.connectOptions(TestServices.pg(schema, 1));
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:postgresql://"
                      + options.getHost()
                      + ":"
                      + options.getPort()
                      + "/"
                      + options.getDatabase(),
                  options.getUser(),
                  options.getPassword());
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT version, count(*) FROM "
                      + schema
                      + ".flyway_schema_history WHERE success AND version IS NOT NULL GROUP BY version ORDER BY version::int")) {
        List<String> applied = new ArrayList<>();
        while (rs.next()) {
          assertEquals(1, rs.getInt(2), "version " + rs.getString(1) + " applied once");
          applied.add(rs.getString(1));
        }
        assertEquals(MIGRATIONS, applied);
      }
    } finally {
      pool.shutdown();
      TestServices.dropSchema(schema);
    }
  }
}
