package dev.chorus.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.chorus.event.Addresses;
import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * An in-process Caffeine cache in front of an {@link IdentityStore}, kept coherent across the
 * cluster through {@code chorus.changed.identity} ({@link #ADDRESS}, publish).
 *
 * <ul>
 *   <li>A hit needs the same login and display name as last time: no store call at all.
 *   <li>Anything else goes to the store. When the store's person differs from what this process had
 *       cached, or from what the store held before the call, the change is published; every process
 *       (this one included, but it ignores its own messages) evicts that account.
 *   <li>On a miss the store is read first ({@code find}) so that a rename seen first by this
 *       process is still published to processes that cached the old name. Unchanged accounts
 *       publish nothing, so a cold cache does not cause a storm of invalidations.
 * </ul>
 *
 * <p>Changes to a person (nickname, pronouns, grant, merge, unlink) evict and publish every account
 * they touch. Whether a web-chat name is reserved by a sign-in token is cached per community and
 * name ({@code {"community": …, "names": true}} evicts a community's names everywhere).
 *
 * <p>Entries also expire after {@code ttl}, bounding staleness if an invalidation is lost (the
 * event bus delivers at most once).
 */
public final class CachingIdentityStore implements IdentityStore {

  /** Where identity changes are published. */
  public static final String ADDRESS = Addresses.changed("identity");

  private record Key(String community, String platform, String platformUserId) {}

  /**
   * What was cached: the person, and the login/display name last resolved (null login: only found,
   * not resolved).
   */
  private record Cached(Person person, String login, String displayName) {}

  private final IdentityStore delegate;
  private final EventBus bus;
  private final Cache<Key, Cached> cache;
  private final Cache<NameKey, Boolean> reserved;

  private record NameKey(String community, String name) {}

  private final String origin = UUID.randomUUID().toString();
  private final MessageConsumer<JsonObject> consumer;

  /**
   * @param maxSize people kept per process
   * @param ttl how long an entry lives without an invalidation
   */
  public CachingIdentityStore(IdentityStore delegate, EventBus bus, long maxSize, Duration ttl) {
    this.delegate = delegate;
    this.bus = bus;
    this.cache = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).build();
    this.reserved = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).build();
    this.consumer =
        bus.<JsonObject>consumer(
            ADDRESS,
            message -> {
              JsonObject change = message.body();
              if (change == null || origin.equals(change.getString("origin"))) {
                return;
              }
              if (change.getBoolean("names", false)) {
                evictNames(change.getString("community"));
                return;
              }
              cache.invalidate(
                  new Key(
                      change.getString("community"),
                      change.getString("platform"),
                      change.getString("platformUserId")));
            });
  }

  /** Completes when the invalidation consumer is registered (cluster-wide when clustered). */
  public Future<Void> ready() {
    return consumer.completion();
  }

  @Override
  public Future<Person> resolve(
      String community, String platform, String platformUserId, String login, String displayName) {
    Key key = new Key(community, platform, platformUserId);
    Cached cached = cache.getIfPresent(key);
    if (cached != null
        && login.equals(cached.login())
        && displayName.equals(cached.displayName())) {
      return Future.succeededFuture(cached.person());
    }
    if (cached != null) {
      Person previous = cached.person();
      return delegate
          .resolve(community, platform, platformUserId, login, displayName)
          .map(person -> remember(key, person, Optional.of(previous), login, displayName));
    }
    return delegate
        .resolveAndCompare(community, platform, platformUserId, login, displayName)
        .map(r -> remember(key, r.person(), r.before(), login, displayName));
  }

  private Person remember(
      Key key, Person person, Optional<Person> previous, String login, String displayName) {
    cache.put(key, new Cached(person, login, displayName));
    if (previous.isPresent()
        && (!previous.get().id().equals(person.id())
            || !previous.get().displayName().equals(person.displayName()))) {
      publish(key);
    }
    return person;
  }

  @Override
  public Future<Optional<Person>> find(String community, String platform, String platformUserId) {
    Key key = new Key(community, platform, platformUserId);
    Cached cached = cache.getIfPresent(key);
    if (cached != null) {
      return Future.succeededFuture(Optional.of(cached.person()));
    }
    return delegate
        .find(community, platform, platformUserId)
        .onSuccess(
            found ->
                found.ifPresent(
                    person -> cache.asMap().putIfAbsent(key, new Cached(person, null, null))));
  }

  @Override
  public Future<Optional<Person>> person(String community, String personId) {
    return delegate.person(community, personId);
  }

  @Override
  public Future<List<Account>> accounts(String community, String personId) {
    return delegate.accounts(community, personId);
  }

  @Override
  public Future<List<NameChange>> names(String community, String platform, String platformUserId) {
    return delegate.names(community, platform, platformUserId);
  }

  @Override
  public Future<List<AuditEntry>> audit(String community, String personId) {
    return delegate.audit(community, personId);
  }

  @Override
  public Future<Person> setNickname(String community, String personId, String nickname) {
    return changed(community, delegate.setNickname(community, personId, nickname));
  }

  @Override
  public Future<Person> setPronouns(String community, String personId, String pronouns) {
    return changed(community, delegate.setPronouns(community, personId, pronouns));
  }

  @Override
  public Future<Person> grant(String community, String personId, PermissionLevel level) {
    return changed(community, delegate.grant(community, personId, level));
  }

  @Override
  public Future<MergeResult> merge(String community, String into, String from, String actor) {
    return delegate
        .merge(community, into, from, actor)
        .compose(
            result -> {
              result
                  .moved()
                  .forEach(a -> evictAndPublish(community, a.platform(), a.platformUserId()));
              return changed(community, Future.succeededFuture(result.into())).map(result);
            });
  }

  @Override
  public Future<Person> unlink(
      String community, String platform, String platformUserId, String actor) {
    return delegate
        .unlink(community, platform, platformUserId, actor)
        .onSuccess(p -> evictAndPublish(community, platform, platformUserId));
  }

  /** Answered from the cache after the first question per community and name. */
  @Override
  public Future<Boolean> nameReserved(String community, String userName) {
    NameKey key = new NameKey(community, userName.toLowerCase(Locale.ROOT));
    Boolean hit = reserved.getIfPresent(key);
    if (hit != null) {
      return Future.succeededFuture(hit);
    }
    return delegate.nameReserved(community, userName).onSuccess(r -> reserved.put(key, r));
  }

  /** After a change to a person: every account of theirs is evicted here and everywhere. */
  private Future<Person> changed(String community, Future<Person> change) {
    return change.compose(
        person ->
            delegate
                .accounts(community, person.id())
                .map(
                    accounts -> {
                      accounts.forEach(
                          a -> evictAndPublish(community, a.platform(), a.platformUserId()));
                      return person;
                    }));
  }

  private void evictAndPublish(String community, String platform, String platformUserId) {
    Key key = new Key(community, platform, platformUserId);
    cache.invalidate(key);
    publish(key);
  }

  private void namesChanged(String community) {
    evictNames(community);
    bus.publish(
        ADDRESS,
        new JsonObject().put("community", community).put("names", true).put("origin", origin));
  }

  private void evictNames(String community) {
    reserved.asMap().keySet().removeIf(k -> k.community().equals(community));
  }

  /** Drops one account from this process's cache (tests, admin tools). */
  public void evict(String community, String platform, String platformUserId) {
    cache.invalidate(new Key(community, platform, platformUserId));
  }

  /** Accounts cached in this process right now (approximate). */
  public long size() {
    return cache.estimatedSize();
  }

  /**
   * Stops listening (without waiting for the event bus to confirm) and empties the cache. The
   * delegate is not closed: its database belongs to whoever opened it.
   */
  public Future<Void> close() {
    consumer.unregister();
    cache.invalidateAll();
    return Future.succeededFuture();
  }

  private void publish(Key key) {
    bus.publish(
        ADDRESS,
        new JsonObject()
            .put("community", key.community())
            .put("platform", key.platform())
            .put("platformUserId", key.platformUserId())
            .put("origin", origin));
  }
}
