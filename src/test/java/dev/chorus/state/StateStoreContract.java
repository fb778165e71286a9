package dev.chorus.state;

import static dev.chorus.store.TestServices.await;
import static dev.chorus.store.TestServices.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.Races;
import dev.chorus.store.StoreContract;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What every {@link StateStore} adapter must do. One subclass per adapter. */
public abstract class StateStoreContract extends StoreContract<StateStore> {

  @Test
  void aSharedWindowAloneStopsAtItsLimitWithoutWaitingForTheStore() {
    long[] now = {1_000_000_000L};
    SharedWindow a = new SharedWindow(store, "pr", 10, Duration.ofMinutes(1), () -> now[0]);
    int admitted = 0;
    for (int i = 0; i < 25; i++) {
      if (a.tryTake(community, "u1")) {
        admitted++;
      }
    }
    assertEquals(10, admitted, "one process never passes the limit, answered or not");
    assertTrue(a.tryTake(community, "u2"), "keys are independent");
    assertTrue(a.tryTake("x" + community, "u1"), "communities are independent");
    await(a.settled(community, "u1"));
    assertEquals(10L, await(store.counter(community, "pr:u1:" + now[0] / 60_000)));
    now[0] += 60_000;
    assertTrue(a.tryTake(community, "u1"), "the next window starts empty");
  }

  @Test
  void aSharedWindowCountsAKeyOverTwoProcesses() {
    long[] now = {2_000_000_000L};
    SharedWindow a = new SharedWindow(store, "pr", 10, Duration.ofMinutes(1), () -> now[0]);
    SharedWindow b = new SharedWindow(other, "pr", 10, Duration.ofMinutes(1), () -> now[0]);
    for (int i = 0; i < 6; i++) {
      assertTrue(a.tryTake(community, "p"));
    }
    await(a.settled(community, "p"));
    // B has not seen the key yet: its first message is admitted, and the answer tells it of A's 6
    int byB = 0;
    for (int i = 0; i < 20 && b.tryTake(community, "p"); i++) {
      byB++;
      await(b.settled(community, "p"));
    }
    assertEquals(4, byB, "B stops where A and B together reach the limit");
    // A still believes 6: one more is admitted, and its answer says the window is spent
    int byA = 0;
    for (int i = 0; i < 20 && a.tryTake(community, "p"); i++) {
      byA++;
      await(a.settled(community, "p"));
    }
    assertEquals(1, byA, "the other process overshoots by what it admitted in one round trip");
    assertFalse(a.tryTake(community, "p"));
    assertFalse(b.tryTake(community, "p"));
    assertEquals(11L, await(store.counter(community, "pr:p:" + now[0] / 60_000)));
  }

  @Test
  void cooldownAdmitsOnceUntilItExpires() {
    assertTrue(await(store.tryCooldown(community, "hug", Duration.ofMinutes(1))));
    assertFalse(await(store.tryCooldown(community, "hug", Duration.ofMinutes(1))));
    assertFalse(await(other.tryCooldown(community, "hug", Duration.ofMinutes(1))));
    Duration left = await(store.cooldownRemaining(community, "hug"));
    assertTrue(
        left.compareTo(Duration.ZERO) > 0 && left.compareTo(Duration.ofMinutes(1)) <= 0,
        "remaining " + left);
    assertEquals(Duration.ZERO, await(store.cooldownRemaining(community, "other")));
    assertTrue(
        await(store.tryCooldown(community, "other", Duration.ofMinutes(1))),
        "keys are independent");
    assertTrue(
        await(store.tryCooldown("x" + community, "hug", Duration.ofMinutes(1))),
        "communities are independent");
  }

  @Test
  void cooldownEndsAfterItsDuration() {
    assertTrue(await(store.tryCooldown(community, "short", Duration.ofMillis(100))));
    assertFalse(await(store.tryCooldown(community, "short", Duration.ofMillis(100))));
    Races.eventually(
        () -> await(store.tryCooldown(community, "short", Duration.ofMinutes(1))),
        "cooldown expired");
    assertFalse(await(store.tryCooldown(community, "short", Duration.ofMinutes(1))));
  }

  @Test
  void rateLimitCountsOnlyAllowedCalls() {
    RateDecision first = await(store.tryAcquire(community, "say", 3, Duration.ofMinutes(1)));
    RateDecision second = await(other.tryAcquire(community, "say", 3, Duration.ofMinutes(1)));
    RateDecision third = await(store.tryAcquire(community, "say", 3, Duration.ofMinutes(1)));
    RateDecision refused = await(store.tryAcquire(community, "say", 3, Duration.ofMinutes(1)));
    assertTrue(first.allowed() && second.allowed() && third.allowed());
    assertEquals(
        List.of(2L, 1L, 0L), List.of(first.remaining(), second.remaining(), third.remaining()));
    assertFalse(refused.allowed());
    assertTrue(
        refused.retryAfter().compareTo(Duration.ZERO) > 0
            && refused.retryAfter().compareTo(Duration.ofMinutes(1)) <= 0,
        "retry after " + refused.retryAfter());
    assertTrue(await(store.tryAcquire(community, "other", 3, Duration.ofMinutes(1))).allowed());
  }

  @Test
  void rateLimitWindowSlides() {
    assertTrue(await(store.tryAcquire(community, "w", 2, Duration.ofMillis(200))).allowed());
    assertTrue(await(store.tryAcquire(community, "w", 2, Duration.ofMillis(200))).allowed());
    assertFalse(await(store.tryAcquire(community, "w", 2, Duration.ofMillis(200))).allowed());
    Races.eventually(
        () -> await(store.tryAcquire(community, "w", 2, Duration.ofMillis(200))).allowed(),
        "window slid");
  }

  @Test
  void countersAddAndStartAtZero() {
    assertEquals(0L, await(store.counter(community, "deaths")));
    assertEquals(5L, await(store.increment(community, "deaths", 5)));
    assertEquals(3L, await(other.increment(community, "deaths", -2)));
    assertEquals(3L, await(store.counter(community, "deaths")));
    assertEquals(0L, await(store.counter("x" + community, "deaths")));
  }

  @Test
  void valuesWithTtl() {
    assertEquals(Optional.empty(), await(store.get(community, "k")));
    await(store.put(community, "k", "v1", Duration.ofMinutes(1)));
    assertEquals(Optional.of("v1"), await(other.get(community, "k")));
    assertFalse(await(store.putIfAbsent(community, "k", "v2", Duration.ofMinutes(1))));
    await(store.put(community, "k", "v3", Duration.ofMinutes(1)));
    assertEquals(Optional.of("v3"), await(store.get(community, "k")));
    assertTrue(await(store.delete(community, "k")));
    assertFalse(await(store.delete(community, "k")));
    assertTrue(await(store.putIfAbsent(community, "k", "v4", Duration.ofMillis(100))));
    Races.eventually(() -> await(store.get(community, "k")).isEmpty(), "value expired");
  }

  @Test
  void onlyTheHolderRenewsALease() {
    assertTrue(await(store.putIfAbsent(community, "lease", "node-a", Duration.ofMillis(300))));
    await(store.put(community, "idle", "node-a", Duration.ofMillis(300)));
    assertFalse(
        await(other.renewIfEquals(community, "lease", "node-b", Duration.ofMinutes(1))),
        "another holder cannot renew");
    assertEquals(Optional.of("node-a"), await(other.get(community, "lease")));
    assertTrue(await(other.renewIfEquals(community, "lease", "node-a", Duration.ofMinutes(1))));
    Races.eventually(() -> await(store.get(community, "idle")).isEmpty(), "unrenewed expired");
    assertEquals(
        Optional.of("node-a"), await(store.get(community, "lease")), "the renewed one stays");
  }

  @Test
  void aLeaseTakenByAnotherHolderIsNotRenewedOrReleasedByTheOldOne() {
    assertTrue(await(store.putIfAbsent(community, "lease", "node-a", Duration.ofMinutes(1))));
    await(other.put(community, "lease", "node-b", Duration.ofMinutes(1))); // taken over
    assertFalse(await(store.renewIfEquals(community, "lease", "node-a", Duration.ofMinutes(1))));
    assertFalse(await(store.deleteIfEquals(community, "lease", "node-a")));
    assertEquals(Optional.of("node-b"), await(store.get(community, "lease")));
    assertTrue(await(other.deleteIfEquals(community, "lease", "node-b")));
    assertEquals(Optional.empty(), await(store.get(community, "lease")));
    assertFalse(await(other.deleteIfEquals(community, "lease", "node-b")));
  }

  @Test
  void anExpiredLeaseCannotBeRenewed() {
    assertTrue(await(store.putIfAbsent(community, "lease", "node-a", Duration.ofMillis(100))));
    Races.eventually(() -> await(store.get(community, "lease")).isEmpty(), "lease expired");
    assertFalse(await(store.renewIfEquals(community, "lease", "node-a", Duration.ofMinutes(1))));
    assertEquals(Optional.empty(), await(store.get(community, "lease")));
    assertTrue(await(other.putIfAbsent(community, "lease", "node-b", Duration.ofMinutes(1))));
  }

  @Test
  void renewalsRacingATakeoverLeaveTheNewHolder() {
    assertTrue(await(store.putIfAbsent(community, "lease", "node-a", Duration.ofMinutes(1))));
    List<Boolean> results =
        Races.fireFromBoth(
            vertx,
            () -> store.renewIfEquals(community, "lease", "node-a", Duration.ofMinutes(1)),
            otherVertx,
            () ->
                other
                    .deleteIfEquals(community, "lease", "node-a")
                    .compose(
                        v ->
                            other.putIfAbsent(community, "lease", "node-b", Duration.ofMinutes(1))),
            200);
    assertEquals(200, results.size());
    // Whatever the interleaving, a renewal never writes node-a back over node-b.
    assertEquals(Optional.of("node-b"), await(store.get(community, "lease")));
  }

  @Test
  void verificationCodeVerifiesOnce() {
    await(store.putVerificationCode(community, "user-1", "123456", Duration.ofMinutes(5)));
    assertFalse(await(store.consumeVerificationCode(community, "user-1", "000000")));
    assertFalse(await(store.consumeVerificationCode(community, "user-2", "123456")));
    assertTrue(await(other.consumeVerificationCode(community, "user-1", "123456")));
    assertFalse(await(store.consumeVerificationCode(community, "user-1", "123456")));
  }

  @Test
  void verificationCodeExpires() {
    await(store.putVerificationCode(community, "user-1", "42", Duration.ofMillis(100)));
    Races.eventually(
        () -> !await(store.consumeVerificationCode(community, "user-1", "42")), "code expired");
  }

  @Test
  void badArgumentsFail() {
    assertInstanceOf(
        IllegalArgumentException.class,
        awaitFailure(store.tryCooldown(community, "k", Duration.ZERO)));
    assertInstanceOf(
        IllegalArgumentException.class,
        awaitFailure(store.tryAcquire(community, "k", 0, Duration.ofSeconds(1))));
    assertInstanceOf(IllegalArgumentException.class, awaitFailure(store.increment("", "k", 1)));
    assertInstanceOf(
        IllegalArgumentException.class,
        awaitFailure(store.renewIfEquals(community, "k", "v", Duration.ZERO)));
    assertInstanceOf(
        IllegalArgumentException.class,
        awaitFailure(store.renewIfEquals(community, "k", null, Duration.ofSeconds(1))));
    assertInstanceOf(
        IllegalArgumentException.class, awaitFailure(store.deleteIfEquals(community, "k", null)));
  }

  @Test
  void windowCountersAddUpAndStartAgainAfterTheirWindow() {
    assertEquals(5L, await(store.incrementWithin(community, "tokens", 5, Duration.ofMillis(300))));
    assertEquals(12L, await(other.incrementWithin(community, "tokens", 7, Duration.ofMillis(300))));
    assertEquals(12L, await(store.counter(community, "tokens")));
    assertEquals(0L, await(store.counter("x" + community, "tokens")));
    Races.eventually(
        () -> await(store.counter(community, "tokens")) == 0L, "the window's counter expired");
    assertEquals(3L, await(store.incrementWithin(community, "tokens", 3, Duration.ofMinutes(1))));
    assertInstanceOf(
        IllegalArgumentException.class,
        awaitFailure(store.incrementWithin(community, "k", 1, Duration.ZERO)));
  }

  @Test
  void thousandConcurrentIncrementsFromTwoInstancesCountExactly() {
    List<Long> results =
        Races.fireFromBoth(
            vertx,
            () -> store.increment(community, "race", 1),
            otherVertx,
            () -> other.increment(community, "race", 1),
            1000);
    assertEquals(1000L, await(store.counter(community, "race")));
    Set<Long> distinct = new HashSet<>(results);
    assertEquals(
        Set.copyOf(LongStream.rangeClosed(1, 1000).boxed().toList()),
        distinct,
        "every increment saw a different value");
  }

  @Test
  void thousandConcurrentCooldownAttemptsFromTwoInstancesHaveOneWinner() {
    List<Boolean> results =
        Races.fireFromBoth(
            vertx,
            () -> store.tryCooldown(community, "race", Duration.ofMinutes(5)),
            otherVertx,
            () -> other.tryCooldown(community, "race", Duration.ofMinutes(5)),
            1000);
    assertEquals(1000, results.size());
    assertEquals(1, results.stream().filter(Boolean::booleanValue).count());
  }

  @Test
  void concurrentVerificationAttemptsHaveOneWinner() {
    await(store.putVerificationCode(community, "u", "777", Duration.ofMinutes(1)));
    List<Boolean> results =
        Races.fireFromBoth(
            vertx,
            () -> store.consumeVerificationCode(community, "u", "777"),
            otherVertx,
            () -> other.consumeVerificationCode(community, "u", "777"),
            100);
    assertEquals(1, results.stream().filter(Boolean::booleanValue).count());
  }
}
