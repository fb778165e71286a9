package dev.chorus.identity.h2;

import dev.chorus.event.Ids;
import dev.chorus.identity.IdentityStore;
import dev.chorus.identity.Person;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Store;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link IdentityStore} on the embedded H2 database. First sight inserts the person and the account
 * in one transaction; a concurrent first sight of the same account loses on the account's primary
 * key and re-reads the winner, so exactly one person is created.
 */
public final class H2IdentityStore extends H2Store implements IdentityStore {

  private static final String FIND =
      "SELECT p.id, p.community, p.display_name, p.first_seen, a.login, a.display_name "
          + "FROM platform_accounts a JOIN persons p ON p.id = a.person_id "
          + "WHERE a.community = ? AND a.platform = ? AND a.platform_user_id = ?";

  public H2IdentityStore(H2Database db, boolean ownsDatabase) {
    super(db, ownsDatabase);
  }

  @Override
  public Future<Person> resolve(
      String community, String platform, String platformUserId, String login, String displayName) {
    return db.call(
        connection -> {
          Optional<Found> existing = find(connection, community, platform, platformUserId);
          if (existing.isPresent()) {
            return refresh(
                connection,
                existing.get(),
                community,
                platform,
                platformUserId,
                login,
                displayName);
          }
          try {
            return create(connection, community, platform, platformUserId, login, displayName);
          } catch (SQLException duplicate) {
            // Lost a first-sight race on the account's primary key: the other writer's person wins.
            Found winner =
                find(connection, community, platform, platformUserId).orElseThrow(() -> duplicate);
            return refresh(
                connection, winner, community, platform, platformUserId, login, displayName);
          }
        });
  }

  @Override
  public Future<Optional<Person>> find(String community, String platform, String platformUserId) {
    return db.call(
        connection -> find(connection, community, platform, platformUserId).map(Found::person));
  }

  private record Found(Person person, String login, String accountDisplayName) {}

  private static Optional<Found> find(
      Connection connection, String community, String platform, String userId) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(FIND)) {
      query.setString(1, community);
      query.setString(2, platform);
      query.setString(3, userId);
      try (ResultSet rs = query.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Person person =
            new Person(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant());
        return Optional.of(new Found(person, rs.getString(5), rs.getString(6)));
      }
    }
  }

  private static Person create(
      Connection connection,
      String community,
      String platform,
      String userId,
      String login,
      String displayName)
      throws SQLException {
    Person person = new Person(Ids.next(), community, displayName, Instant.now());
    connection.setAutoCommit(false);
    try (PreparedStatement insertPerson =
            connection.prepareStatement(
                "INSERT INTO persons (id, community, display_name, first_seen) VALUES (?, ?, ?, ?)");
        PreparedStatement insertAccount =
            connection.prepareStatement(
                "INSERT INTO platform_accounts (community, platform, platform_user_id, person_id, login, display_name, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      Timestamp now = Timestamp.from(person.firstSeen());
      insertPerson.setString(1, person.id());
      insertPerson.setString(2, community);
      insertPerson.setString(3, displayName);
      insertPerson.setTimestamp(4, now);
      insertPerson.executeUpdate();
      insertAccount.setString(1, community);
      insertAccount.setString(2, platform);
      insertAccount.setString(3, userId);
      insertAccount.setString(4, person.id());
      insertAccount.setString(5, login);
      insertAccount.setString(6, displayName);
      insertAccount.setTimestamp(7, now);
      insertAccount.executeUpdate();
      connection.commit();
      return person;
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static Person refresh(
      Connection connection,
      Found found,
      String community,
      String platform,
      String userId,
      String login,
      String displayName)
      throws SQLException {
    if (login.equals(found.login())
        && displayName.equals(found.accountDisplayName())
        && displayName.equals(found.person().displayName())) {
      return found.person();
    }
    try (PreparedStatement account =
            connection.prepareStatement(
                "UPDATE platform_accounts SET login = ?, display_name = ?, updated_at = ? "
                    + "WHERE community = ? AND platform = ? AND platform_user_id = ?");
        PreparedStatement person =
            connection.prepareStatement("UPDATE persons SET display_name = ? WHERE id = ?")) {
      account.setString(1, login);
      account.setString(2, displayName);
      account.setTimestamp(3, Timestamp.from(Instant.now()));
      account.setString(4, community);
      account.setString(5, platform);
      account.setString(6, userId);
      account.executeUpdate();
      person.setString(1, displayName);
      person.setString(2, found.person().id());
      person.executeUpdate();
    }
    Person p = found.person();
    return new Person(p.id(), p.community(), displayName, p.firstSeen());
  }
}
