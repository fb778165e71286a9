package dev.chorus.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import dev.chorus.ops.config.ChorusConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Cluster traffic stays on the cluster network: Hazelcast and the clustered event bus listen on
 * {@code cluster.host} only, in TCP-IP and Kubernetes discovery alike, so a member bound to one
 * address is unreachable on the host's other addresses.
 */
class ClusterNetworkTest {

  private static ChorusConfig.Cluster cluster(String host, boolean kubernetes, int eventBusPort) {
    return new ChorusConfig.Cluster(
        true,
        "net-" + ProcessHandle.current().pid(),
        List.of(host),
        15701,
        host,
        kubernetes,
        kubernetes ? "chorus-hazelcast" : "",
        "",
        host,
        eventBusPort,
        1,
        10);
  }

  @Test
  void bothDiscoveryModesBindOnlyTheConfiguredAddress() {
    for (boolean kubernetes : List.of(false, true)) {
      Config config = ClusterSetup.hazelcast(cluster("10.1.2.3", kubernetes, 5801));
      assertTrue(config.getNetworkConfig().getInterfaces().isEnabled(), "k8s=" + kubernetes);
      assertEquals(
          List.of("10.1.2.3"),
          List.copyOf(config.getNetworkConfig().getInterfaces().getInterfaces()));
      assertEquals("false", config.getProperty("hazelcast.socket.bind.any"));
      assertEquals(
          "10.1.2.3", ClusterSetup.eventBus(cluster("10.1.2.3", kubernetes, 5801)).getHost());
    }
    Config any = ClusterSetup.hazelcast(cluster("0.0.0.0", false, 5801));
    assertTrue(!any.getNetworkConfig().getInterfaces().isEnabled(), "0.0.0.0 is every interface");
  }

  @Test
  void aMemberOnLoopbackCannotBeReachedOnTheHostsOtherAddress() throws Exception {
    Optional<InetAddress> other = otherAddress();
    Assumptions.assumeTrue(other.isPresent(), "this host has no non-loopback IPv4 address");
    int eventBusPort;
    try (ServerSocket free = new ServerSocket(0)) {
      eventBusPort = free.getLocalPort();
    }
    ChorusConfig.Cluster c = cluster("127.0.0.1", false, eventBusPort);
    HazelcastClusterManager manager = ClusterSetup.clusterManager(c);
    Vertx vertx =
        Vertx.builder()
            .with(new VertxOptions().setEventBusOptions(ClusterSetup.eventBus(c)))
            .withClusterManager(manager)
            .buildClustered()
            .await(60, TimeUnit.SECONDS);
    try {
      int hazelcastPort =
          manager.getHazelcastInstance().getCluster().getLocalMember().getAddress().getPort();
      for (int port : List.of(hazelcastPort, eventBusPort)) {
        connect(InetAddress.getLoopbackAddress(), port); // listening where configured
        assertThrows(
            IOException.class,
            () -> connect(other.get(), port),
            "port " + port + " must not answer on " + other.get());
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static void connect(InetAddress address, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
    }
  }

  private static Optional<InetAddress> otherAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof java.net.Inet4Address) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
