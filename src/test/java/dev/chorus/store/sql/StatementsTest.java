package dev.chorus.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Loading statements: overrides, parameter numbering, and the checks that fail start-up. */
class StatementsTest {

  @Test
  void h2KeepsJdbcParametersAndTakesItsOverrides() {
    Statements h2 = Statements.load("probe", Dialect.H2);
    assertEquals("SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ? -- why?", h2.get("find"));
    assertEquals("MERGE INTO t (a, b) KEY (a) VALUES (?, ?)", h2.get("upsert"));
  }

  @Test
  void postgresqlNumbersParametersOutsideQuotesAndComments() {
    Statements pg = Statements.load("probe", Dialect.POSTGRESQL);
    assertEquals(
        "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2 -- why?", pg.get("find"));
    assertEquals(
        "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b",
        pg.get("upsert"));
  }

  @Test
  void anEscapedQuoteInsideALiteralIsStillALiteral() {
    assertEquals("x = 'it''s ?' AND y = $1", Statements.numbered("x = 'it''s ?' AND y = ?"));
  }

  @Test
  void mistakesFailAtLoadNamingTheFileAndStatement() {
    String unknown =
        assertThrows(IllegalArgumentException.class, () -> Statements.load("badkey", Dialect.H2))
            .getMessage();
    assertTrue(unknown.contains("badkey.h2.yaml") && unknown.contains("fnd"), unknown);
    String count =
        assertThrows(
                IllegalArgumentException.class,
                () -> Statements.load("badcount", Dialect.POSTGRESQL))
            .getMessage();
    assertTrue(count.contains("binds 2 parameters"), count);
    assertThrows(IllegalArgumentException.class, () -> Statements.load("nothing", Dialect.H2));
    String missing =
        assertThrows(
                IllegalArgumentException.class,
                () -> Statements.load("probe", Dialect.H2).get("nope"))
            .getMessage();
    assertTrue(missing.contains("nope"), missing);
  }

  /** Every store's statements load for every dialect (overrides name real statements). */
  @Test
  void everyStoreLoadsForEveryDialect() {
    for (String store : new String[] {"identity", "community", "command", "fact"}) {
      for (Dialect dialect : Dialect.values()) {
        Statements.load(store, dialect);
      }
    }
  }
}
