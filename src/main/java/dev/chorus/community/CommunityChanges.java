package dev.chorus.community;

import dev.chorus.event.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Change notifications of communities on {@code chorus.changed.community} (publish): {@code
 * {"community": id, "exists": bool}}. The collectors' gates evict their cached verdict; the
 * directory applies the new state without a query.
 */
public final class CommunityChanges {

  public static final String ADDRESS = Addresses.changed("community");

  private CommunityChanges() {}

  public static void publish(EventBus bus, String community, boolean exists) {
    bus.publish(ADDRESS, new JsonObject().put("community", community).put("exists", exists));
  }
}
