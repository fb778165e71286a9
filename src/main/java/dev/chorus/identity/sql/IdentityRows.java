package dev.chorus.identity.sql;

import dev.chorus.event.PermissionLevel;
import dev.chorus.identity.Account;
import dev.chorus.identity.AuditEntry;
import dev.chorus.identity.Person;
import dev.chorus.store.sql.Rows;
import io.vertx.sqlclient.Row;

/** Rows of the identity statements ({@code db/statements/identity.yaml}) as records. */
final class IdentityRows {

  private IdentityRows() {}

  static PermissionLevel level(String s) {
    return s == null ? null : PermissionLevel.parse(s);
  }

  static String level(PermissionLevel level) {
    return level == null ? null : level.wire();
  }

  /** {@code find}: person columns 0-3, account login/name 4-5, nickname, pronouns, granted 6-8. */
  static Person foundPerson(Row r) {
    return new Person(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        r.getString(6),
        r.getString(7),
        level(r.getString(8)),
        Rows.instant(r, 3));
  }

  /** {@code person}: id, community, name, first seen, merged into, nickname, pronouns, granted. */
  static Person person(Row r) {
    return new Person(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        r.getString(5),
        r.getString(6),
        level(r.getString(7)),
        Rows.instant(r, 3));
  }

  static Account account(Row r) {
    return new Account(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        Rows.instant(r, 6));
  }

  static AuditEntry audit(Row r) {
    return new AuditEntry(
        r.getString(0),
        r.getString(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        r.getString(5),
        r.getString(6),
        r.getString(7),
        Rows.instant(r, 8));
  }
}
