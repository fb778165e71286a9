package dev.chorus.community.sql;

import dev.chorus.community.ChannelLink;
import dev.chorus.community.ChannelTakenException;
import dev.chorus.community.Community;
import dev.chorus.community.CommunityStore;
import dev.chorus.store.sql.Rows;
import dev.chorus.store.sql.SqlDatabase;
import dev.chorus.store.sql.Statements;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link CommunityStore} on H2 or PostgreSQL ({@code db/statements/community.yaml}). Every write is
 * one statement, except linking, which is two atomic steps (below).
 */
public final class SqlCommunityStore implements CommunityStore {

  private final Pool pool;
  private final Statements sql;

  /**
   * @param db a migrated database; its pool is borrowed, not owned
   */
  public SqlCommunityStore(SqlDatabase db) {
    this.pool = db.pool();
    this.sql = db.statements("community");
  }

  @Override
  public Future<Community> upsert(String id, String name) {
    return sql.run(pool, "upsert", Tuple.of(id, name))
        .map(rows -> Rows.first(rows, SqlCommunityStore::community).orElseThrow());
  }

  @Override
  public Future<Optional<Community>> create(String id, String name) {
    return sql.run(pool, "create", Tuple.of(id, name))
        .compose(rows -> Rows.changed(rows) ? get(id) : Future.succeededFuture(Optional.empty()));
  }

  @Override
  public Future<Optional<Community>> get(String id) {
    return sql.run(pool, "get", Tuple.of(id))
        .map(rows -> Rows.first(rows, SqlCommunityStore::community));
  }

  @Override
  public Future<List<Community>> list() {
    return sql.run(pool, "list", Tuple.tuple())
        .map(rows -> Rows.all(rows, SqlCommunityStore::community));
  }

  @Override
  public Future<Boolean> delete(String id) {
    return sql.run(pool, "delete", Tuple.of(id)).map(Rows::changed);
  }

  /**
   * Claims the channel when nobody holds it, else renames it when this community holds it; when
   * neither changes a row another community holds it. Each step is atomic on the channel's key, so
   * two communities racing for one channel cannot both get it.
   */
  @Override
  public Future<ChannelLink> link(
      String community, String platform, String channelId, String channelName) {
    ChannelLink link = new ChannelLink(community, platform, channelId, channelName);
    return sql.run(pool, "linkInsert", Tuple.of(platform, channelId, community, channelName))
        .compose(
            inserted ->
                Rows.changed(inserted)
                    ? Future.succeededFuture(true)
                    : sql.run(
                            pool,
                            "linkRename",
                            Tuple.of(channelName, platform, channelId, community))
                        .map(Rows::changed))
        .compose(
            ok ->
                ok
                    ? Future.succeededFuture(link)
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
    return sql.run(pool, "channel", Tuple.of(platform, channelId))
        .map(rows -> Rows.first(rows, SqlCommunityStore::link));
  }

  @Override
  public Future<List<ChannelLink>> channels(String community) {
    return sql.run(pool, "channels", Tuple.of(community))
        .map(rows -> Rows.all(rows, SqlCommunityStore::link));
  }

  @Override
  public Future<Boolean> unlink(String platform, String channelId) {
    return sql.run(pool, "unlink", Tuple.of(platform, channelId)).map(Rows::changed);
  }

  @Override
  public Future<Void> putSetting(String community, String name, String value) {
    return sql.run(pool, "putSetting", Tuple.of(community, name, value)).mapEmpty();
  }

  @Override
  public Future<Optional<String>> setting(String community, String name) {
    return sql.run(pool, "setting", Tuple.of(community, name))
        .map(rows -> Rows.first(rows, r -> r.getString(0)));
  }

  @Override
  public Future<Map<String, String>> settings(String community) {
    return sql.run(pool, "settings", Tuple.of(community))
        .map(
            rows -> {
              Map<String, String> out = new LinkedHashMap<>();
              rows.forEach(r -> out.put(r.getString(0), r.getString(1)));
              return out;
            });
  }

  @Override
  public Future<Boolean> removeSetting(String community, String name) {
    return sql.run(pool, "removeSetting", Tuple.of(community, name)).map(Rows::changed);
  }

  private static Community community(Row r) {
    return new Community(r.getString(0), r.getString(1), Rows.instant(r, 2));
  }

  private static ChannelLink link(Row r) {
    return new ChannelLink(r.getString(0), r.getString(1), r.getString(2), r.getString(3));
  }
}
