package dev.chorus.identity;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON of people in the admin API (schema {@code Person} in the OpenAPI document). */
final class PeopleJson {

  private PeopleJson() {}

  static JsonObject person(Person p, JsonArray accounts, List<AuditEntry> audit) {
    JsonArray entries = new JsonArray();
    for (AuditEntry e : audit) {
      entries.add(
          new JsonObject()
              .put("id", e.id())
              .put("action", e.action())
              .put("personId", e.personId())
              .put("otherPersonId", e.otherPersonId())
              .put("platform", e.platform())
              .put("userId", e.platformUserId())
              .put("actor", e.actor())
              .put("at", e.at().toString()));
    }
    return new JsonObject()
        .put("id", p.id())
        .put("community", p.community())
        .put("displayName", p.displayName())
        .put("nickname", p.nickname())
        .put("pronouns", p.pronouns())
        .put("level", p.granted() == null ? null : p.granted().wire())
        .put("firstSeen", p.firstSeen().toString())
        .put("accounts", accounts)
        .put("audit", entries);
  }

  static JsonObject account(Account a, List<NameChange> names) {
    JsonArray history = new JsonArray();
    for (NameChange n : names) {
      history.add(
          new JsonObject()
              .put("login", n.login())
              .put("displayName", n.displayName())
              .put("seenAt", n.seenAt().toString()));
    }
    return new JsonObject()
        .put("platform", a.platform())
        .put("userId", a.platformUserId())
        .put("login", a.login())
        .put("displayName", a.displayName())
        .put("names", history);
  }
}
