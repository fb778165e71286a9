package dev.chorus.ops;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.chorus.ops.config.ChorusConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast for the clustered event bus. Starts from Vert.x's own Hazelcast configuration (it keeps
 * the {@code __vertx.*} map settings) and sets the join: TCP-IP on the configured members, or
 * Kubernetes discovery through a headless service. Multicast and phone-home are off; joining does
 * not wait the default 5 s.
 */
final class ClusterSetup {

  private ClusterSetup() {}

  static HazelcastClusterManager clusterManager(ChorusConfig.Cluster cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(true).setPortCount(20);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.kubernetes()) {
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true);
    } else {
      config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.host());
      join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    }
    return new HazelcastClusterManager(config);
  }

  static EventBusOptions eventBus(ChorusConfig.Cluster cluster) {
    return new EventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host());
  }
}
