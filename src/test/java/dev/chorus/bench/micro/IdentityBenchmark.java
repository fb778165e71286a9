package dev.chorus.bench.micro;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.identity.Person;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An identity cache hit, in the shape the identity stage's cache uses (key: community, platform,
 * platform user id; value: the person with the login and display name last seen, compared on a
 * hit). When the caching identity store is merged, benchmark its {@code resolve} here instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IdentityBenchmark {

  private record Key(String community, String platform, String platformUserId) {}

  private record Cached(Person person, String login, String displayName) {}

  private Cache<Key, Cached> cache;
  private int next;

  @Setup
  public void fill() {
    cache =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();
    for (int i = 0; i < 1000; i++) {
      cache.put(
          new Key("demo", "web", "u" + i),
          new Cached(
              new Person("p" + i, "demo", "user" + i, Instant.now()), "user" + i, "user" + i));
    }
  }

  @Benchmark
  public Person cacheHit() {
    int i = next++ & 511;
    Cached cached = cache.getIfPresent(new Key("demo", "web", USERS[i]));
    return cached != null
            && NAMES[i].equals(cached.login())
            && NAMES[i].equals(cached.displayName())
        ? cached.person()
        : null;
  }

  private static final String[] USERS = new String[512];
  private static final String[] NAMES = new String[512];

  static {
    for (int i = 0; i < 512; i++) {
      USERS[i] = "u" + i;
      NAMES[i] = "user" + i;
    }
  }
}
