package dev.chorus.community.pg;

import dev.chorus.community.ChannelLink;
import dev.chorus.community.ChannelTakenException;
import dev.chorus.community.Community;
import dev.chorus.community.CommunityStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link CommunityStore} on PostgreSQL; every write is one statement. */
public final class PgCommunityStore implements CommunityStore {

  private static final String LINK_COLUMNS = "community, platform, channel_id, channel_name";

  private final Pool pool;

  /**
   * @param pool a pool on the migrated schema; not owned
   */
  public PgCommunityStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Community> upsert(String id, String name) {
    return pool.preparedQuery(
            "INSERT INTO communities (id, name, created_at) VALUES ($1, $2, now()) "
                + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING id, name, created_at")
        .execute(Tuple.of(id, name))
        .map(rows -> community(rows.iterator().next()));
  }

  @Override
  public Future<Optional<Community>> get(String id) {
    return pool.preparedQuery("SELECT id, name, created_at FROM communities WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(community(rows.iterator().next())));
  }

  @Override
  public Future<List<Community>> list() {
    return pool.query("SELECT id, name, created_at FROM communities ORDER BY id")
        .execute()
        .map(
            rows -> {
              List<Community> out = new ArrayList<>();
              rows.forEach(r -> out.add(community(r)));
              return out;
            });
  }

  @Override
  public Future<Boolean> delete(String id) {
    return pool.preparedQuery("DELETE FROM communities WHERE id = $1")
        .execute(Tuple.of(id))
        .map(r -> r.rowCount() > 0);
  }

  /**
   * Insert, or rename when this community already holds the channel; no row back means another
   * community holds it.
   */
  @Override
  public Future<ChannelLink> link(
      String community, String platform, String channelId, String channelName) {
    return pool.preparedQuery(
            "INSERT INTO community_channels (platform, channel_id, community, channel_name, linked_at) "
                + "VALUES ($1, $2, $3, $4, now()) ON CONFLICT (platform, channel_id) DO UPDATE SET channel_name = EXCLUDED.channel_name "
                + "WHERE community_channels.community = EXCLUDED.community RETURNING "
                + LINK_COLUMNS)
        .execute(Tuple.of(platform, channelId, community, channelName))
        .compose(
            rows ->
                rows.size() == 1
                    ? Future.succeededFuture(link(rows.iterator().next()))
                    : channel(platform, channelId)
                        .compose(
                            owner ->
                                Future.failedFuture(
                                    new ChannelTakenException(
                                        platform,
                                        channelId,
                                        owner.map(ChannelLink::community).orElse("(unknown)")))));
  }

  @Override
  public Future<Optional<ChannelLink>> channel(String platform, String channelId) {
    return pool.preparedQuery(
            "SELECT "
                + LINK_COLUMNS
                + " FROM community_channels WHERE platform = $1 AND channel_id = $2")
        .execute(Tuple.of(platform, channelId))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(link(rows.iterator().next())));
  }

  @Override
  public Future<List<ChannelLink>> channels(String community) {
    return pool.preparedQuery(
            "SELECT "
                + LINK_COLUMNS
                + " FROM community_channels WHERE community = $1 "
                + "ORDER BY platform, channel_id")
        .execute(Tuple.of(community))
        .map(PgCommunityStore::links);
  }

  @Override
  public Future<Boolean> unlink(String platform, String channelId) {
    return pool.preparedQuery(
            "DELETE FROM community_channels WHERE platform = $1 AND channel_id = $2")
        .execute(Tuple.of(platform, channelId))
        .map(r -> r.rowCount() > 0);
  }

  @Override
  public Future<Void> putSetting(String community, String name, String value) {
    return pool.preparedQuery(
            "INSERT INTO community_settings (community, name, content, updated_at) "
                + "VALUES ($1, $2, $3, now()) ON CONFLICT (community, name) DO UPDATE SET content = EXCLUDED.content, "
                + "updated_at = EXCLUDED.updated_at")
        .execute(Tuple.of(community, name, value))
        .mapEmpty();
  }

  @Override
  public Future<Optional<String>> setting(String community, String name) {
    return pool.preparedQuery(
            "SELECT content FROM community_settings WHERE community = $1 AND name = $2")
        .execute(Tuple.of(community, name))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(rows.iterator().next().getString(0)));
  }

  @Override
  public Future<Map<String, String>> settings(String community) {
    return pool.preparedQuery(
            "SELECT name, content FROM community_settings WHERE community = $1 ORDER BY name")
        .execute(Tuple.of(community))
        .map(
            rows -> {
              Map<String, String> out = new LinkedHashMap<>();
              rows.forEach(r -> out.put(r.getString(0), r.getString(1)));
              return out;
            });
  }

  @Override
  public Future<Boolean> removeSetting(String community, String name) {
    return pool.preparedQuery("DELETE FROM community_settings WHERE community = $1 AND name = $2")
        .execute(Tuple.of(community, name))
        .map(r -> r.rowCount() > 0);
  }

  @Override
  public Future<Void> check() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  /** The pool belongs to whoever created it. */
  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private static Community community(Row r) {
    return new Community(r.getString(0), r.getString(1), r.getOffsetDateTime(2).toInstant());
  }

  private static ChannelLink link(Row r) {
    return new ChannelLink(r.getString(0), r.getString(1), r.getString(2), r.getString(3));
  }

  private static List<ChannelLink> links(RowSet<Row> rows) {
    List<ChannelLink> out = new ArrayList<>();
    rows.forEach(r -> out.add(link(r)));
    return out;
  }
}
