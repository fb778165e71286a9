package dev.chorus.community.h2;

import dev.chorus.community.ChannelLink;
import dev.chorus.community.ChannelTakenException;
import dev.chorus.community.Community;
import dev.chorus.community.CommunityStore;
import dev.chorus.store.h2.H2Database;
import dev.chorus.store.h2.H2Store;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link CommunityStore} on the embedded H2 database. */
public final class H2CommunityStore extends H2Store implements CommunityStore {

  public H2CommunityStore(H2Database db, boolean ownsDatabase) {
    super(db, ownsDatabase);
  }

  @Override
  public Future<Community> upsert(String id, String name) {
    return db.call(
        c -> {
          try (PreparedStatement merge =
              c.prepareStatement(
                  "MERGE INTO communities t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE))) "
                      + "s(id, name, created_at) ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name "
                      + "WHEN NOT MATCHED THEN INSERT (id, name, created_at) VALUES (s.id, s.name, s.created_at)")) {
            merge.setString(1, id);
            merge.setString(2, name);
            merge.setTimestamp(3, Timestamp.from(Instant.now()));
            merge.executeUpdate();
          }
          return get(c, id).orElseThrow();
        });
  }

  @Override
  public Future<Optional<Community>> get(String id) {
    return db.call(c -> get(c, id));
  }

  @Override
  public Future<List<Community>> list() {
    return db.call(
        c -> {
          try (PreparedStatement q =
                  c.prepareStatement("SELECT id, name, created_at FROM communities ORDER BY id");
              ResultSet rs = q.executeQuery()) {
            List<Community> out = new ArrayList<>();
            while (rs.next()) {
              out.add(
                  new Community(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
            }
            return out;
          }
        });
  }

  @Override
  public Future<Boolean> delete(String id) {
    return db.call(c -> update(c, "DELETE FROM communities WHERE id = ?", id) > 0);
  }

  @Override
  public Future<ChannelLink> link(
      String community, String platform, String channelId, String channelName) {
    return db.transaction(
        c -> {
          String owner = null;
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT community FROM community_channels WHERE platform = ? AND channel_id = ? FOR UPDATE")) {
            q.setString(1, platform);
            q.setString(2, channelId);
            try (ResultSet rs = q.executeQuery()) {
              if (rs.next()) {
                owner = rs.getString(1);
              }
            }
          }
          if (owner == null) {
            try (PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO community_channels "
                        + "(platform, channel_id, community, channel_name, linked_at) VALUES (?, ?, ?, ?, ?)")) {
              insert.setString(1, platform);
              insert.setString(2, channelId);
              insert.setString(3, community);
              insert.setString(4, channelName);
              insert.setTimestamp(5, Timestamp.from(Instant.now()));
              insert.executeUpdate();
            }
          } else if (owner.equals(community)) {
            update(
                c,
                "UPDATE community_channels SET channel_name = ? WHERE platform = ? AND channel_id = ?",
                channelName,
                platform,
                channelId);
          } else {
            throw new ChannelTakenException(platform, channelId, owner);
          }
          return new ChannelLink(community, platform, channelId, channelName);
        });
  }

  @Override
  public Future<Optional<ChannelLink>> channel(String platform, String channelId) {
    return db.call(
        c -> {
          List<ChannelLink> links =
              links(c, "WHERE platform = ? AND channel_id = ?", platform, channelId);
          return links.isEmpty() ? Optional.empty() : Optional.of(links.get(0));
        });
  }

  @Override
  public Future<List<ChannelLink>> channels(String community) {
    return db.call(c -> links(c, "WHERE community = ? ORDER BY platform, channel_id", community));
  }

  @Override
  public Future<Boolean> unlink(String platform, String channelId) {
    return db.call(
        c ->
            update(
                    c,
                    "DELETE FROM community_channels WHERE platform = ? AND channel_id = ?",
                    platform,
                    channelId)
                > 0);
  }

  @Override
  public Future<Void> putSetting(String community, String name, String value) {
    return db.call(
        c -> {
          try (PreparedStatement merge =
              c.prepareStatement(
                  "MERGE INTO community_settings (community, name, content, updated_at) KEY (community, name) VALUES (?, ?, ?, ?)")) {
            merge.setString(1, community);
            merge.setString(2, name);
            merge.setString(3, value);
            merge.setTimestamp(4, Timestamp.from(Instant.now()));
            merge.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Future<Optional<String>> setting(String community, String name) {
    return db.call(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT content FROM community_settings WHERE community = ? AND name = ?")) {
            q.setString(1, community);
            q.setString(2, name);
            try (ResultSet rs = q.executeQuery()) {
              return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Future<Map<String, String>> settings(String community) {
    return db.call(
        c -> {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT name, content FROM community_settings WHERE community = ? ORDER BY name")) {
            q.setString(1, community);
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet rs = q.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
              }
            }
            return out;
          }
        });
  }

  @Override
  public Future<Boolean> removeSetting(String community, String name) {
    return db.call(
        c ->
            update(
                    c,
                    "DELETE FROM community_settings WHERE community = ? AND name = ?",
                    community,
                    name)
                > 0);
  }

  private static Optional<Community> get(Connection c, String id) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement("SELECT id, name, created_at FROM communities WHERE id = ?")) {
      q.setString(1, id);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new Community(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
            : Optional.empty();
      }
    }
  }

  private static List<ChannelLink> links(Connection c, String where, String... args)
      throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT community, platform, channel_id, channel_name FROM community_channels "
                + where)) {
      for (int i = 0; i < args.length; i++) {
        q.setString(i + 1, args[i]);
      }
      List<ChannelLink> out = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(
              new ChannelLink(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      return out;
    }
  }
}
