package dev.chorus.community;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Communities (tenants), the platform channels each one joins, and per-community settings.
 *
 * <p>Adapters: {@code community.sql.SqlCommunityStore} on H2 and on PostgreSQL; both pass {@code
 * CommunityStoreContract}.
 */
public interface CommunityStore {

  /** Creates the community, or renames it when it exists. */
  Future<Community> upsert(String id, String name);

  /** Creates the community only when no community has the id; empty when one had it. */
  Future<Optional<Community>> create(String id, String name);

  Future<Optional<Community>> get(String id);

  /** All communities, by id. */
  Future<List<Community>> list();

  /** Deletes the community with its channels and settings; true when it existed. */
  Future<Boolean> delete(String id);

  /**
   * Joins a platform channel to a community (or updates its name). A channel belongs to at most one
   * community: linking a channel another community holds fails with {@link ChannelTakenException}.
   */
  Future<ChannelLink> link(String community, String platform, String channelId, String channelName);

  /** Which community a platform channel belongs to (what a collector asks for every event). */
  Future<Optional<ChannelLink>> channel(String platform, String channelId);

  Future<List<ChannelLink>> channels(String community);

  /** True when the link existed. */
  Future<Boolean> unlink(String platform, String channelId);

  /** Sets a setting (the community must exist). */
  Future<Void> putSetting(String community, String name, String value);

  Future<Optional<String>> setting(String community, String name);

  /** All settings of a community, by name. */
  Future<Map<String, String>> settings(String community);

  /** True when the setting existed. */
  Future<Boolean> removeSetting(String community, String name);
}
