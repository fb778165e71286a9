package dev.chorus.ops.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.chorus.metrics.ChorusMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this process knows of its cluster: the members, and which roles run where with how many
 * instances. Each process publishes its roles in a small cluster-wide presence map (node id → roles
 * and instance counts) once its modules are deployed, and withdraws them first when it stops; the
 * view keeps only entries of current members, re-reads the map every second and at once when a
 * member joins or leaves (decision 065). Without clustering the view is this process alone.
 *
 * <p>Joins and leaves are logged at INFO with the member list, and every change of the reachable
 * roles is logged once. {@code /health/ready} shows {@link #describe()}; the {@code cluster} and
 * {@code roles} readiness checks come from {@link #joined()} and {@link #reachable(Map)}.
 */
public final class ClusterView {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);
  private static final String MAP = "chorus.presence";
  private static final long REFRESH_MS = 1000;

  private static final String NODE_ATTRIBUTE = "__vertx.nodeId";

  private final Vertx vertx;
  private final String clusterName;
  private final HazelcastClusterManager manager;
  private final Map<String, Integer> ownRoles;
  private final ChorusMetrics metrics;
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();

  /** Entries seen without a member once: removed when still so on the next refresh. */
  private final Set<String> suspects = ConcurrentHashMap.newKeySet();

  private volatile Presence.Roles roles;
  private volatile boolean leaving;

  /** The admin routes this process's HTTP port serves, as its presence entry lists them. */
  private volatile List<String> ownApi = List.of();

  /** The admin routes of every other live member, by node id (decision 136). */
  private volatile Map<String, List<ApiRoute>> remoteApi = Map.of();

  private final AtomicInteger nextServer = new AtomicInteger();

  private final AtomicBoolean refreshing = new AtomicBoolean();
  private AsyncMap<String, String> presence;
  private UUID listener;
  private long timer = -1;

  /**
   * @param manager the cluster manager, or {@code null} when the process is not clustered
   * @param ownRoles the roles this process runs, with their instance counts
   */
  public ClusterView(
      Vertx vertx,
      String clusterName,
      HazelcastClusterManager manager,
      Map<String, Integer> ownRoles,
      ChorusMetrics metrics) {
    this.vertx = vertx;
    this.clusterName = clusterName;
    this.manager = manager;
    this.ownRoles = Map.copyOf(ownRoles);
    this.metrics = metrics;
    this.roles = Presence.Roles.of(Map.of(nodeId(), this.ownRoles));
  }

  public boolean clustered() {
    return manager != null;
  }

  /** Publishes this process's roles and starts following the cluster. */
  public Future<Void> start() {
    metrics.gauge(
        ChorusMetrics.CLUSTER_MEMBERS,
        "Members of the cluster this process sees (1 without clustering)",
        () -> members().size());
    ownRoles.keySet().forEach(this::gauge);
    if (manager == null) {
      return Future.succeededFuture();
    }
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    listener = hazelcast.getCluster().addMembershipListener(new Listener());
    LOG.info(
        "joined cluster {} as {}; {} members: {}",
        clusterName,
        hazelcast.getCluster().getLocalMember().getAddress(),
        hazelcast.getCluster().getMembers().size(),
        memberList());
    return vertx
        .sharedData()
        .<String, String>getAsyncMap(MAP)
        .compose(
            map -> {
              presence = map;
              return map.put(nodeId(), Presence.encode(ownRoles, ownApi));
            })
        .compose(v -> refresh())
        .onSuccess(v -> timer = vertx.setPeriodic(REFRESH_MS, REFRESH_MS, id -> refresh()));
  }

  /**
   * The first step of a graceful stop: this process's roles leave the presence map, so other
   * processes stop counting them, and this process reports itself not ready.
   */
  public Future<Void> withdraw() {
    leaving = true;
    if (presence == null) {
      return Future.succeededFuture();
    }
    LOG.info("cluster {}: withdrawing roles {} before leaving", clusterName, ownRoles.keySet());
    return presence.remove(nodeId()).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** Stops following the cluster (the cluster manager itself leaves when Vert.x closes). */
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    if (listener != null) {
      try {
        manager.getHazelcastInstance().getCluster().removeMembershipListener(listener);
      } catch (RuntimeException e) {
        LOG.debug("membership listener already gone: {}", e.toString());
      }
      listener = null;
      LOG.info("cluster {}: leaving", clusterName);
    }
  }

  /**
   * Lists the admin routes this process's HTTP port serves in its presence entry ({@code "METHOD
   * /path/:param"}), so that members which do not serve them forward such requests here.
   */
  public Future<Void> serve(List<String> api) {
    ownApi = List.copyOf(api);
    if (presence == null || leaving) {
      return Future.succeededFuture();
    }
    return presence.put(nodeId(), Presence.encode(ownRoles, ownApi));
  }

  /**
   * Another live member whose HTTP port serves {@code method} {@code path}, taken in turn when
   * several do; null when none does.
   */
  public String apiServer(String method, String path) {
    List<String> candidates = new ArrayList<>();
    remoteApi.forEach(
        (node, routes) -> {
          if (routes.stream().anyMatch(r -> r.matches(method, path))) {
            candidates.add(node);
          }
        });
    if (candidates.isEmpty()) {
      return null;
    }
    return candidates.get(Math.floorMod(nextServer.getAndIncrement(), candidates.size()));
  }

  /** This process's node id ({@code local} without clustering). */
  public String node() {
    return nodeId();
  }

  private static List<ApiRoute> routes(String value) {
    List<ApiRoute> routes = new ArrayList<>();
    Presence.api(value).forEach(text -> ApiRoute.parse(text).ifPresent(routes::add));
    return List.copyOf(routes);
  }

  /** Instances of {@code role} reachable from here (this process included). */
  public int instances(String role) {
    return roles.instances().getOrDefault(role, 0);
  }

  /** Succeeds while this process is a member of its cluster and not leaving it. */
  public Future<Void> joined() {
    if (leaving) {
      return Future.failedFuture("leaving the cluster");
    }
    if (manager != null && !manager.isActive()) {
      return Future.failedFuture("not a member of cluster " + clusterName);
    }
    return Future.succeededFuture();
  }

  /**
   * Succeeds when every role that a role of this process needs ({@code needs}: role → the roles it
   * needs) has an instance somewhere in the cluster; fails naming what is missing.
   */
  public Future<Void> reachable(Map<String, Set<String>> needs) {
    List<String> missing = new ArrayList<>();
    new TreeMap<>(needs)
        .forEach(
            (role, needed) ->
                needed.stream()
                    .sorted()
                    .filter(n -> instances(n) == 0)
                    .forEach(n -> missing.add(role + " needs " + n)));
    if (leaving) {
      return Future.failedFuture("leaving the cluster");
    }
    return missing.isEmpty()
        ? Future.succeededFuture()
        : Future.failedFuture("no reachable instance: " + String.join(", ", missing));
  }

  /** The view as {@code /health/ready} shows it. */
  public JsonObject describe() {
    JsonObject roleCounts = new JsonObject();
    new TreeMap<>(roles.instances()).forEach(roleCounts::put);
    JsonObject nodes = new JsonObject();
    new TreeMap<>(roles.nodes()).forEach(nodes::put);
    return new JsonObject()
        .put("enabled", clustered())
        .put("name", clustered() ? clusterName : null)
        .put("joined", joined().succeeded())
        .put("node", nodeId())
        .put("members", members())
        .put("roles", roleCounts)
        .put("roleNodes", nodes);
  }

  private String nodeId() {
    return manager == null ? "local" : manager.getNodeId();
  }

  private JsonArray members() {
    JsonArray list = new JsonArray();
    if (manager == null || !manager.isActive()) {
      list.add(new JsonObject().put("node", nodeId()).put("self", true));
      return list;
    }
    for (Member member : manager.getHazelcastInstance().getCluster().getMembers()) {
      list.add(
          new JsonObject()
              .put("node", member.getAttribute(NODE_ATTRIBUTE))
              .put("address", member.getAddress().toString())
              .put("self", member.localMember()));
    }
    return list;
  }

  private String memberList() {
    List<String> names = new ArrayList<>();
    for (Member member : manager.getHazelcastInstance().getCluster().getMembers()) {
      names.add(member.getAddress() + (member.localMember() ? " (this)" : ""));
    }
    return String.join(", ", names);
  }

  /** Reads the presence map again; keeps current members only. */
  private Future<Void> refresh() {
    if (presence == null || !manager.isActive() || !refreshing.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return presence
        .entries()
        .map(
            entries -> {
              Set<String> members = new HashSet<>(manager.getNodes());
              Map<String, Map<String, Integer>> live = new TreeMap<>();
              Map<String, List<ApiRoute>> api = new TreeMap<>();
              entries.forEach(
                  (node, value) -> {
                    if (members.contains(node)) {
                      live.put(node, Presence.decode(value));
                      if (!node.equals(nodeId())) {
                        api.put(node, routes(value));
                      }
                      suspects.remove(node);
                    } else if (!suspects.add(node)) {
                      // A member that left without withdrawing (killed): its entry goes.
                      suspects.remove(node);
                      presence.remove(node);
                    }
                  });
              if (!leaving && !live.containsKey(nodeId())) {
                presence.put(nodeId(), Presence.encode(ownRoles, ownApi));
              }
              if (!leaving) {
                live.put(nodeId(), ownRoles);
              }
              update(Presence.Roles.of(live));
              remoteApi = Map.copyOf(api);
              return (Void) null;
            })
        .onComplete(
            ar -> {
              refreshing.set(false);
              if (ar.failed()) {
                LOG.debug("reading cluster presence failed: {}", ar.cause().toString());
              }
            });
  }

  private void update(Presence.Roles next) {
    Presence.Roles previous = roles;
    roles = next;
    next.instances().keySet().forEach(this::gauge);
    if (!previous.instances().equals(next.instances())) {
      LOG.info(
          "cluster {}: roles reachable (instances): {}",
          clusterName,
          new TreeMap<>(next.instances()));
    }
  }

  private void gauge(String role) {
    if (gauged.add(role)) {
      metrics.gauge(
          ChorusMetrics.CLUSTER_ROLE_INSTANCES,
          "Instances of a role reachable from this process across the cluster",
          () -> instances(role),
          "role",
          role);
    }
  }

  /** Logs membership changes and refreshes the role view at once. */
  private final class Listener implements MembershipListener {

    @Override
    public void memberAdded(MembershipEvent event) {
      LOG.info(
          "cluster {}: member {} joined; {} members: {}",
          clusterName,
          event.getMember().getAddress(),
          event.getMembers().size(),
          memberList());
      vertx.runOnContext(v -> refresh());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      LOG.info(
          "cluster {}: member {} left; {} members: {}",
          clusterName,
          event.getMember().getAddress(),
          event.getMembers().size(),
          memberList());
      // Vert.x drops the member's handlers on the same event; read the view after it.
      vertx.setTimer(50, id -> refresh());
    }
  }
}
