package dev.chorus.collector;

import dev.chorus.community.ChannelLink;
import dev.chorus.community.CommunityStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which community each of a platform's link ids belongs to (Slack team ids, Discord guild ids),
 * read from the community store's channel links of that platform and kept in memory, so that a
 * normalizer can ask synchronously. {@link #refresh()} reads the store again; webhooks call it when
 * an id is unknown (it may have been linked since) and periodically.
 */
public final class PlatformLinks {

  private final CommunityStore store;
  private final String platform;
  private volatile Map<String, String> communities = Map.of();

  public PlatformLinks(CommunityStore store, String platform) {
    this.store = store;
    this.platform = platform;
  }

  /** Reads every community's links of the platform; on failure the previous map stays. */
  public Future<Void> refresh() {
    return store
        .list()
        .compose(
            all -> {
              List<Future<List<ChannelLink>>> reads = new ArrayList<>();
              all.forEach(c -> reads.add(store.channels(c.id())));
              return Future.all(reads)
                  .map(
                      done -> {
                        Map<String, String> next = new HashMap<>();
                        for (Future<List<ChannelLink>> read : reads) {
                          for (ChannelLink link : read.result()) {
                            if (platform.equals(link.platform())) {
                              next.put(link.channelId(), link.community());
                            }
                          }
                        }
                        communities = Map.copyOf(next);
                        return null;
                      });
            });
  }

  /** The community of {@code id}, or null when no community linked it. */
  public String communityOf(String id) {
    return id == null ? null : communities.get(id);
  }
}
