package dev.chorus.identity;

import dev.chorus.event.PermissionLevel;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** An {@link IdentityStore} that hands every call to another; tests override what they watch. */
class ForwardingIdentityStore implements IdentityStore {

  final IdentityStore inner;

  ForwardingIdentityStore(IdentityStore inner) {
    this.inner = inner;
  }

  @Override
  public Future<Person> resolve(String c, String p, String u, String login, String name) {
    return inner.resolve(c, p, u, login, name);
  }

  @Override
  public Future<Optional<Person>> find(String c, String p, String u) {
    return inner.find(c, p, u);
  }

  @Override
  public Future<Optional<Person>> person(String c, String id) {
    return inner.person(c, id);
  }

  @Override
  public Future<List<Account>> accounts(String c, String id) {
    return inner.accounts(c, id);
  }

  @Override
  public Future<List<NameChange>> names(String c, String p, String u) {
    return inner.names(c, p, u);
  }

  @Override
  public Future<List<AuditEntry>> audit(String c, String id) {
    return inner.audit(c, id);
  }

  @Override
  public Future<Person> setNickname(String c, String id, String nickname) {
    return inner.setNickname(c, id, nickname);
  }

  @Override
  public Future<Person> setPronouns(String c, String id, String pronouns) {
    return inner.setPronouns(c, id, pronouns);
  }

  @Override
  public Future<Person> grant(String c, String id, PermissionLevel level) {
    return inner.grant(c, id, level);
  }

  @Override
  public Future<MergeResult> merge(String c, String into, String from, String actor) {
    return inner.merge(c, into, from, actor);
  }

  @Override
  public Future<Person> unlink(String c, String p, String u, String actor) {
    return inner.unlink(c, p, u, actor);
  }

  @Override
  public Future<Boolean> nameReserved(String c, String name) {
    return inner.nameReserved(c, name);
  }
}
