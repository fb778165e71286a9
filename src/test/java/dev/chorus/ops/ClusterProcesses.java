package dev.chorus.ops;

import dev.chorus.store.TestServices;
import dev.chorus.testing.ChorusProcess;
import dev.chorus.testing.TestChorus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs of one test cluster on loopback: a random cluster name, a Hazelcast port range of its
 * own (so no other test's or deployment's members can be found), one fresh PostgreSQL schema and
 * Redis key prefix, the test admin key. Every process started is ended by its PID in {@link
 * #close}.
 */
final class ClusterProcesses implements AutoCloseable {

  final String name = "chorus-test-" + UUID.randomUUID().toString().substring(0, 8);
  final String schema = TestServices.newSchema();

  /** The first Hazelcast port; members try this one and the next 19 (cluster.port). */
  final int hazelcastPort = 20_000 + 20 * ThreadLocalRandom.current().nextInt(1_000);

  private final Path dataDir;
  private final List<ChorusProcess> started = new ArrayList<>();

  ClusterProcesses(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** The environment of a member running {@code roles}. */
  Map<String, String> env(String roles) {
    Map<String, String> env = new HashMap<>();
    env.put("CHORUS_ROLES", roles);
    env.put("CHORUS_CLUSTER_ENABLED", "true");
    env.put("CHORUS_CLUSTER_NAME", name);
    env.put("CHORUS_CLUSTER_PORT", Integer.toString(hazelcastPort));
    env.put("CHORUS_CLUSTER_HOST", "127.0.0.1");
    env.put("CHORUS_CLUSTER_MEMBERS", "127.0.0.1");
    env.put("CHORUS_STORAGE_PROFILE", "cluster");
    env.put("CHORUS_PG_URL", TestServices.PG_URL);
    env.put("CHORUS_PG_SCHEMA", schema);
    env.put("CHORUS_REDIS_URL", TestServices.REDIS_URL);
    env.put("CHORUS_REDIS_KEY_PREFIX", name);
    env.put("CHORUS_DATA_DIR", dataDir.toString());
    env.put("CHORUS_HTTP_HOST", "127.0.0.1");
    env.put("CHORUS_ADMIN_KEY", TestChorus.ADMIN_KEY);
    // Several JVMs on two cores: C1 only and one GC thread keep start-up from starving the others.
    env.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    return env;
  }

  ChorusProcess start(String member, Map<String, String> env) throws Exception {
    ChorusProcess p =
        ChorusProcess.start(member, env, "--http-port", "0", "--config", "conf/cluster.yaml");
    synchronized (started) {
      started.add(p);
    }
    return p;
  }

  /** Starts every member at the same moment and waits until each reported that it started. */
  List<ChorusProcess> startTogether(Map<String, Map<String, String>> members) throws Exception {
    ExecutorService starter = Executors.newFixedThreadPool(members.size());
    try {
      List<Future<ChorusProcess>> starts = new ArrayList<>();
      members.forEach((member, env) -> starts.add(starter.submit(() -> start(member, env))));
      List<ChorusProcess> up = new ArrayList<>();
      for (Future<ChorusProcess> f : starts) {
        up.add(f.get(150, TimeUnit.SECONDS));
      }
      return up;
    } finally {
      starter.shutdownNow();
    }
  }

  /** {@code GET /health/ready} of {@code p}, whatever its status. */
  static JsonObject ready(WebClient web, ChorusProcess p) throws Exception {
    return web.get(p.httpPort(), "127.0.0.1", "/health/ready")
        .send()
        .await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject();
  }

  /** A JDBC connection to the cluster's database (for what no API shows: migration history). */
  Connection jdbc() throws Exception {
    var options = dev.chorus.store.pg.PgDatabase.connectOptions(TestServices.pg(schema, 1));
    return DriverManager.getConnection(
        "jdbc:postgresql://"
            + options.getHost()
            + ":"
            + options.getPort()
            + "/"
            + options.getDatabase(),
        options.getUser(),
        options.getPassword());
  }

  /**
   * Writes each member's whole output to {@code target/cluster-logs/<test>-<member>.log}, to read
   * after a failing run.
   */
  void dump(String test) {
    synchronized (started) {
      for (ChorusProcess p : started) {
        try {
          Path dir = Path.of("target", "cluster-logs");
          java.nio.file.Files.createDirectories(dir);
          java.nio.file.Files.write(dir.resolve(test + "-" + p.name() + ".log"), p.output());
        } catch (java.io.IOException e) {
          System.err.println("cannot keep the output of " + p.name() + ": " + e);
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (started) {
      started.forEach(ChorusProcess::close);
    }
    TestServices.dropSchema(schema);
  }
}
