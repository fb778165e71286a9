package dev.chorus.ops;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import dev.chorus.ops.config.ChorusConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast for the clustered event bus. Starts from Vert.x's own Hazelcast configuration (it keeps
 * the {@code __vertx.*} map settings) and sets the join: TCP-IP on the configured members, or
 * Kubernetes discovery (the API, through a headless service). Hazelcast and the event bus listen on
 * {@code cluster.host} only (the pod IP in Kubernetes), never on every interface unless it is
 * {@code 0.0.0.0}; the NetworkPolicy admits the cluster ports from Chorus pods only (decision 093).
 * Multicast and phone-home are off; joining does not wait the default 5 s; a member silent for
 * {@code cluster.maxNoHeartbeatSeconds} is removed (Hazelcast's default is 60 s), so its event-bus
 * handlers leave with it within seconds.
 *
 * <p>No CP data structure is used: Vert.x 5 builds its locks and counters on maps, and Chorus uses
 * neither; the CP subsystem stays off (it needs three members) and its start-up warning is silenced
 * in {@code logback.xml} (decision 066).
 */
public final class ClusterSetup {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterSetup.class);
  private static final String ANY = "0.0.0.0";

  private ClusterSetup() {}

  public static HazelcastClusterManager clusterManager(ChorusConfig.Cluster cluster) {
    return new HazelcastClusterManager(hazelcast(cluster));
  }

  /** The Hazelcast configuration for {@code cluster} (tests read it back). */
  static Config hazelcast(ChorusConfig.Cluster cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty(
        "hazelcast.heartbeat.interval.seconds", Integer.toString(cluster.heartbeatSeconds()));
    config.setProperty(
        "hazelcast.max.no.heartbeat.seconds", Integer.toString(cluster.maxNoHeartbeatSeconds()));
    // Processes started together on a busy host can each found a cluster of their own before
    // they see each other; Hazelcast merges such clusters only after 300 s by default.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    // A graceful leave is Chorus's own business (Chorus.stop): no JVM hook racing it.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(20);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.kubernetes()) {
      join.getTcpIpConfig().setEnabled(false);
      KubernetesConfig kubernetes = join.getKubernetesConfig().setEnabled(true);
      if (!cluster.kubernetesService().isEmpty()) {
        kubernetes.setProperty("service-name", cluster.kubernetesService());
      }
      if (!cluster.kubernetesNamespace().isEmpty()) {
        kubernetes.setProperty("namespace", cluster.kubernetesNamespace());
      }
      // Members are found as they start, before they are ready (publishNotReadyAddresses).
      kubernetes.setProperty("resolve-not-ready-addresses", "true");
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    }
    if (!ANY.equals(cluster.host())) {
      // Only cluster.host carries cluster traffic (in Kubernetes, the pod IP). Without
      // bind.any=false Hazelcast would pick this address but still listen on every interface.
      config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.host());
      config.setProperty("hazelcast.socket.bind.any", "false");
    } else {
      LOG.warn(
          "cluster.host is 0.0.0.0: Hazelcast and the event bus accept cluster traffic on every"
              + " interface; bind them to the cluster network's address (docs/security.md)");
    }
    String publicHost = publicHost(cluster);
    if (!publicHost.equals(cluster.host())) {
      config.getNetworkConfig().setPublicAddress(publicHost);
    }
    return config;
  }

  public static EventBusOptions eventBus(ChorusConfig.Cluster cluster) {
    return new EventBusOptions()
        .setHost(cluster.host())
        .setPort(cluster.eventBusPort())
        .setClusterPublicHost(publicHost(cluster));
  }

  /**
   * The address other members use: {@code cluster.publicHost}, or this machine's own address when
   * the process binds every interface (a container) and none is configured.
   */
  static String publicHost(ChorusConfig.Cluster cluster) {
    if (!ANY.equals(cluster.publicHost())) {
      return cluster.publicHost();
    }
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          "cluster.host is 0.0.0.0 and this host's address is unknown: set cluster.publicHost", e);
    }
  }
}
