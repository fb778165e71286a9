package dev.chorus.collector.twitch;

import dev.chorus.community.ChannelLink;
import dev.chorus.community.CommunityStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The Twitch channels communities linked ({@code platform = twitch}, channel id = the broadcaster's
 * user id, which is IRC's {@code room-id}; channel name = the login), read from the community store
 * and kept in memory so that the normalizer can ask synchronously for every line. {@link
 * #refresh()} reads the store again; the collector calls it periodically, so channels follow the
 * community configuration at run time.
 *
 * <p>A link whose name is not a Twitch login is skipped with the reason in {@link #skipped()}: it
 * could be neither joined nor written to.
 */
public final class ChannelDirectory implements TwitchChannels {

  private static final Pattern LOGIN = Pattern.compile("[a-z0-9_]{1,25}");

  /** One linked channel. */
  public record Linked(String community, String roomId, String login) {}

  private final CommunityStore store;
  private volatile Map<String, Linked> byLogin = Map.of();
  private volatile Map<String, Linked> byRoom = Map.of();
  private final Map<String, String> learnedRooms = new ConcurrentHashMap<>();
  private volatile List<String> skipped = List.of();

  public ChannelDirectory(CommunityStore store) {
    this.store = store;
  }

  /** Reads every community's Twitch links; on failure the previous directory stays. */
  public Future<Map<String, Linked>> refresh() {
    return store
        .list()
        .compose(
            communities -> {
              List<Future<List<ChannelLink>>> reads = new ArrayList<>();
              communities.forEach(c -> reads.add(store.channels(c.id())));
              return Future.all(reads)
                  .map(
                      all -> {
                        Map<String, Linked> logins = new ConcurrentHashMap<>();
                        Map<String, Linked> rooms = new ConcurrentHashMap<>();
                        List<String> bad = new ArrayList<>();
                        for (Future<List<ChannelLink>> read : reads) {
                          for (ChannelLink link : read.result()) {
                            if (!"twitch".equals(link.platform())) {
                              continue;
                            }
                            String login = login(link);
                            if (login == null) {
                              bad.add(link.channelId() + ": name is not a Twitch login");
                              continue;
                            }
                            Linked linked = new Linked(link.community(), link.channelId(), login);
                            logins.put(login, linked);
                            rooms.put(link.channelId(), linked);
                          }
                        }
                        byLogin = Map.copyOf(logins);
                        byRoom = Map.copyOf(rooms);
                        skipped = List.copyOf(bad);
                        return byLogin;
                      });
            });
  }

  /** The login to join: the link's name, or its id when it was linked by login only. */
  private static String login(ChannelLink link) {
    String name = link.channelName();
    if (name == null || name.isBlank()) {
      name = link.channelId();
    }
    name = name.startsWith("#") ? name.substring(1) : name;
    name = name.toLowerCase(Locale.ROOT);
    return LOGIN.matcher(name).matches() ? name : null;
  }

  /** The channels to be in, by login. */
  public Map<String, Linked> channels() {
    return byLogin;
  }

  public List<String> skipped() {
    return skipped;
  }

  /** Records the room id Twitch gave a login ({@code ROOMSTATE}); replies address rooms by id. */
  public void learn(String roomId, String login) {
    if (roomId != null && login != null && !roomId.isBlank()) {
      learnedRooms.put(roomId, login);
    }
  }

  /** The login of a room id (a reply's channel), or null when no linked channel has it. */
  public String loginOf(String roomIdOrLogin) {
    if (roomIdOrLogin == null) {
      return null;
    }
    Linked linked = byRoom.get(roomIdOrLogin);
    if (linked != null) {
      return linked.login();
    }
    String learned = learnedRooms.get(roomIdOrLogin);
    if (learned != null && byLogin.containsKey(learned)) {
      return learned;
    }
    String bare = roomIdOrLogin.startsWith("#") ? roomIdOrLogin.substring(1) : roomIdOrLogin;
    return byLogin.containsKey(bare) ? bare : null;
  }

  /**
   * By room id, which Twitch never reuses; by login only for a line without a room id or a channel
   * linked by login (its id not numeric). A login is not enough for a room id Chorus does not know:
   * logins can be renamed and taken by another account.
   */
  @Override
  public String communityOf(String roomId, String login) {
    Linked linked = roomId == null ? null : byRoom.get(roomId);
    if (linked == null && login != null) {
      Linked byName = byLogin.get(login);
      if (byName != null && (roomId == null || !numeric(byName.roomId()))) {
        linked = byName;
      }
    }
    return linked == null ? null : linked.community();
  }

  private static boolean numeric(String id) {
    return !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
