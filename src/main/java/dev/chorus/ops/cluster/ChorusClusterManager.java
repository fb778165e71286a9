package dev.chorus.ops.cluster;

import com.hazelcast.config.Config;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's Hazelcast cluster manager, able to re-read the event-bus registrations this process has
 * cached (decision 137).
 *
 * <p>Each member keeps, per address it sends to, the list of members that consume it, and updates
 * it on the registration map's entry events. With several members starting at once, partitions
 * migrate while the members register their consumers, and an update can be missed (an event lost in
 * a migration, or the re-read after it failing once, which is not retried): the sender then never
 * sends to that consumer, although it is registered — a whole process's stage idle for good. {@link
 * #resync} re-reads the registrations of every address this process's event bus cached and hands
 * them to the event bus as an update, through the cluster-manager SPI only.
 */
public final class ChorusClusterManager extends HazelcastClusterManager {

  private static final Logger LOG = LoggerFactory.getLogger(ChorusClusterManager.class);

  /** The registration map of vertx-hazelcast: address → registrations. */
  private static final String SUBS = "__vertx.subs";

  private volatile RegistrationListener listener;

  /** This process's own cluster-wide registrations, by address. */
  private final Map<String, Set<RegistrationInfo>> own = new ConcurrentHashMap<>();

  public ChorusClusterManager(Config config) {
    super(config);
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    this.listener = listener;
    super.registrationListener(listener);
  }

  @Override
  public void addRegistration(String address, RegistrationInfo info, Completable<Void> completion) {
    if (!info.localOnly()) {
      own.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(info);
    }
    super.addRegistration(address, info, completion);
  }

  @Override
  public void removeRegistration(
      String address, RegistrationInfo info, Completable<Void> completion) {
    own.computeIfPresent(
        address,
        (a, infos) -> {
          infos.remove(info);
          return infos.isEmpty() ? null : infos;
        });
    super.removeRegistration(address, info, completion);
  }

  /**
   * Puts back into the cluster's registration map every registration of this process that is
   * missing there (the others then see it on the entry event); the future tells how many.
   */
  public Future<Integer> repair(Vertx vertx) {
    if (!isActive()) {
      return Future.succeededFuture(0);
    }
    List<Future<Integer>> checks = new ArrayList<>();
    own.forEach(
        (address, infos) -> {
          Promise<List<RegistrationInfo>> read = Promise.promise();
          getRegistrations(address, read);
          checks.add(
              read.future()
                  .compose(
                      present -> {
                        List<Future<Void>> puts = new ArrayList<>();
                        for (RegistrationInfo info : Set.copyOf(infos)) {
                          if (!present.contains(info)
                              && own.getOrDefault(address, Set.of()).contains(info)) {
                            Promise<Void> put = Promise.promise();
                            super.addRegistration(address, info, put);
                            puts.add(put.future());
                          }
                        }
                        return Future.join(puts).map(v -> puts.size());
                      }));
        });
    return Future.join(checks)
        .map(
            v -> {
              int repaired = checks.stream().mapToInt(f -> f.result()).sum();
              if (repaired > 0) {
                LOG.info(
                    "put back {} event-bus registrations of this process missing from the cluster",
                    repaired);
              }
              return repaired;
            })
        .onFailure(e -> LOG.debug("checking event-bus registrations failed: {}", e.toString()));
  }

  /**
   * Re-reads the registrations of every address the event bus has cached and applies them; the
   * future tells how many addresses were refreshed.
   */
  public Future<Integer> resync(Vertx vertx) {
    RegistrationListener cached = listener;
    if (cached == null || !isActive()) {
      return Future.succeededFuture(0);
    }
    return vertx
        .<Set<String>>executeBlocking(
            () -> Set.copyOf(getHazelcastInstance().<String, Object>getMultiMap(SUBS).keySet()),
            false)
        .compose(
            addresses -> {
              List<Future<Void>> reads = new ArrayList<>();
              for (String address : addresses) {
                if (!cached.wantsUpdatesFor(address)) {
                  continue;
                }
                Promise<List<RegistrationInfo>> read = Promise.promise();
                getRegistrations(address, read);
                reads.add(
                    read.future()
                        .map(
                            registrations -> {
                              cached.registrationsUpdated(
                                  new RegistrationUpdateEvent(address, registrations));
                              return null;
                            }));
              }
              return Future.join(reads).map(v -> reads.size());
            })
        .onFailure(e -> LOG.debug("re-reading event-bus registrations failed: {}", e.toString()));
  }
}
