package dev.chorus.store.pg;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.TestServices;
import dev.chorus.store.sql.Dialect;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PostgreSQL as a resource: readiness, closing, failing fast, and its options. */
class PgDatabaseTest {

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
  void answersUntilClosed() {
    String schema = TestServices.newSchema();
    try {
      PgDatabase db = TestServices.openPg(vertx, schema);
      assertEquals(schema, db.schema());
      assertEquals(Dialect.POSTGRESQL, db.sql().dialect());
      await(db.check());
      await(db.sql().check());
      await(db.close());
      awaitFailure(db.check());
    } finally {
      TestServices.dropSchema(schema);
    }
  }

  @Test
  void failsFastNamingTheServer() {
    PgOptions nowhere =
        new PgOptions("postgresql://127.0.0.1:1/test", "postgres", "", "chorus", 1, 1000);
    Throwable failure = awaitFailure(PgDatabase.open(vertx, nowhere));
    assertTrue(failure.getMessage().contains("127.0.0.1:1"), failure.getMessage());
  }

  @Test
  void optionsAreValidatedAndNeverPrintThePassword() {
    PgOptions options =
        new PgOptions("postgresql://u:urlsecret@h:5432/db", "u", "secret", "chorus", 4, 5000);
    assertFalse(options.toString().contains("secret"), options.toString());
    assertTrue(options.toString().contains("schema=chorus"), options.toString());
    assertThrows(
        IllegalArgumentException.class,
        () -> new PgOptions("mysql://h/db", "u", "", "chorus", 4, 5000));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PgOptions("postgresql://h/db", "u", "", "Robert'); DROP", 4, 5000));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PgOptions("postgresql://h/db", "u", "", "chorus", 0, 5000));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PgOptions("postgresql://h/db", "u", "", "chorus", 4, 0));
  }
}
