package dev.chorus.store.h2;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.TestServices;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database as a resource: opening, readiness, closing, and both ways in. */
class H2DatabaseTest {

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  @Test
  void opensAFileDatabaseCreatingItsDirectoryAndAnswersUntilClosed(@TempDir Path tmp) {
    Path dir = tmp.resolve("nested/data");
    H2Database db = await(H2Database.open(vertx, H2Options.file(dir, "chorus", 2)));
    assertTrue(Files.exists(dir.resolve("chorus.mv.db")));
    await(db.check());
    await(db.close());
    awaitFailure(db.check());
  }

  /**
   * After a transaction the Vert.x JDBC client leaves auto-commit off; without the reset a later
   * plain write would stay uncommitted, invisible to other connections.
   */
  @Test
  void writesOutsideATransactionAreCommittedAfterOne() throws Exception {
    H2Database db = TestServices.openH2(vertx);
    try {
      var pool = db.sql().pool();
      await(
          pool.withTransaction(
              c ->
                  c.preparedQuery("INSERT INTO communities VALUES (?, ?, CURRENT_TIMESTAMP)")
                      .execute(Tuple.of("a", "A"))));
      // Pool of 4, idle connections reused: run enough plain writes to hit the one used above.
      for (int i = 0; i < 8; i++) {
        await(
            pool.preparedQuery("INSERT INTO communities VALUES (?, ?, CURRENT_TIMESTAMP)")
                .execute(Tuple.of("b" + i, "B")));
      }
      try (var c = DriverManager.getConnection(db.url(), "sa", "");
          var s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM communities")) {
        rs.next();
        assertEquals(9, rs.getInt(1), "every write visible from another connection");
      }
    } finally {
      await(db.close());
    }
  }

  @Test
  void optionsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new H2Options("jdbc:pg:x", 4));
    assertThrows(IllegalArgumentException.class, () -> new H2Options("jdbc:h2:mem:x", 0));
  }
}
