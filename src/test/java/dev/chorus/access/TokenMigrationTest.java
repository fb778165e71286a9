package dev.chorus.access;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.access.sql.SqlApiKeys;
import dev.chorus.store.TestServices;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Options;
import dev.chorus.store.pg.PgDatabase;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tokens stored before they were keys (web-chat tokens, V35; overlay tokens, V60) are keys after
 * the migrations (V110-V112): the same token finds the same community, name and level, a revoked
 * one stays revoked, on H2 and on PostgreSQL.
 */
class TokenMigrationTest {

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    await(vertx.close());
  }

  private static final String WEB = "chorus_wt_" + UUID.randomUUID();
  private static final String WEB_REVOKED = "chorus_wt_" + UUID.randomUUID();

  /**
   * What the database held before V110: one overlay token of community {@code demo}, an active and
   * a revoked web-chat token.
   */
  private static void seed(Connection c, String overlayToken) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO web_tokens (id, community, token_hash, user_name, level, label,"
                + " created_at, revoked_at) VALUES (?, 'demo', ?, ?, ?, ?, ?, ?)")) {
      Timestamp at = Timestamp.from(Instant.parse("2026-10-01T08:00:00Z"));
      s.setString(1, "0190a000-0000-7000-8000-000000000001");
      s.setString(2, ApiKeys.hash(WEB));
      s.setString(3, "Streamer");
      s.setString(4, "owner");
      s.setString(5, "stream pc");
      s.setTimestamp(6, at);
      s.setTimestamp(7, null);
      s.executeUpdate();
      s.setString(1, "0190a000-0000-7000-8000-000000000002");
      s.setString(2, ApiKeys.hash(WEB_REVOKED));
      s.setString(3, "Gone");
      s.setString(4, "moderator");
      s.setString(5, "");
      s.setTimestamp(6, at);
      s.setTimestamp(7, Timestamp.from(Instant.parse("2026-10-02T08:00:00Z")));
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO overlay_tokens (community, token_hash, rotated_at) VALUES (?, ?, ?)")) {
      s.setString(1, "demo");
      s.setString(2, ApiKeys.hash(overlayToken));
      s.setTimestamp(3, Timestamp.from(Instant.parse("2026-11-01T10:00:00Z")));
      s.executeUpdate();
    }
  }

  private static void assertMigrated(ApiKeys keys, String overlayToken) {
    ApiKey web = await(keys.byHash(ApiKeys.hash(WEB))).orElseThrow();
    assertEquals(
        new ApiKey(
            "0190a000-0000-7000-8000-000000000001",
            Scope.CHAT,
            "demo",
            "stream pc",
            Instant.parse("2026-10-01T08:00:00Z"),
            null,
            "Streamer",
            "owner"),
        web);
    ApiKey gone = await(keys.byHash(ApiKeys.hash(WEB_REVOKED))).orElseThrow();
    assertEquals(Scope.CHAT, gone.scope());
    assertEquals(Instant.parse("2026-10-02T08:00:00Z"), gone.revokedAt());
    assertFalse(gone.active());
    ApiKey overlay = await(keys.byHash(ApiKeys.hash(overlayToken))).orElseThrow();
    assertEquals(Scope.OVERLAY, overlay.scope());
    assertEquals("demo", overlay.community());
    assertTrue(overlay.active());
    assertNull(overlay.name());
    assertEquals(Instant.parse("2026-11-01T10:00:00Z"), overlay.createdAt());
    assertFalse(await(keys.byHash(ApiKeys.hash(overlayToken + "x"))).isPresent());
    List<ApiKey> listed = await(keys.list("demo"));
    assertEquals(
        List.of(overlay.id(), gone.id(), web.id()).stream().sorted().toList(),
        listed.stream().map(ApiKey::id).sorted().toList());
    // Revocable like any key.
    assertTrue(await(keys.revoke(overlay.id(), Instant.now())));
    assertFalse(await(keys.byHash(ApiKeys.hash(overlayToken))).orElseThrow().active());
  }

  @Test
  void h2TokensBecomeKeys() throws Exception {
    String url =
        "jdbc:h2:mem:chorus_"
            + UUID.randomUUID().toString().replace("-", "")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/h2")
        .target("95")
        .load()
        .migrate();
    String token = "tok-" + UUID.randomUUID();
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      seed(c, token);
    }
    H2Database db = H2Database.openBlocking(vertx, new H2Options(url, 2));
    try {
      assertMigrated(new SqlApiKeys(db.sql()), token);
    } finally {
      await(db.close());
    }
  }

  @Test
  void postgresqlTokensBecomeKeys() throws Exception {
    String schema = TestServices.newSchema();
    var options = PgDatabase.connectOptions(TestServices.pg(schema, 1));
    String jdbc =
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase();
    String password = options.getPassword() == null ? "" : options.getPassword();
    try {
      Flyway.configure()
          .dataSource(jdbc, options.getUser(), password)
          .schemas(schema)
          .defaultSchema(schema)
          .createSchemas(true)
          .locations("classpath:db/pg")
          .target("95")
          .load()
          .migrate();
      String token = "tok-" + UUID.randomUUID();
      try (Connection c = DriverManager.getConnection(jdbc, options.getUser(), password)) {
        c.createStatement().execute("SET search_path TO " + schema);
        seed(c, token);
      }
      PgDatabase db = TestServices.openPg(vertx, schema);
      try {
        assertMigrated(new SqlApiKeys(db.sql()), token);
      } finally {
        await(db.close());
      }
    } finally {
      TestServices.dropSchema(schema);
    }
  }
}
