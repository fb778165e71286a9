package dev.chorus.knowledge;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.store.Races;
import dev.chorus.store.StoreContract;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What every {@link FactStore} adapter must do. One subclass per adapter. */
public abstract class FactStoreContract extends StoreContract<FactStore> {

  /**
   * Makes the real store refuse (with a constraint of its own) every fact whose body contains
   * {@code marker}; the returned action lifts it again.
   */
  protected abstract Runnable refuseBodiesContaining(String marker);

  private NewFact fact(String title) {
    return new NewFact(
        community, Fact.Kind.FACT, title, "Body of " + title, "chat:0190-abc", "person-1");
  }

  @Test
  void aMergeMovesTheMergedPersonsFactsOnceAndOnlyInItsCommunity() {
    Fact proposed =
        await(
            store.propose(
                new NewFact(
                    community, Fact.Kind.FACT, "Likes tea", "Tea", "chat:1", "person-from")));
    Fact reviewed =
        await(store.approve(community, await(store.propose(fact("Schedule"))).id(), "person-from"))
            .orElseThrow();
    Fact both =
        await(
            store.add(
                new NewFact(community, Fact.Kind.FACT, "Both", "Both", "chat:2", "person-from"),
                "person-from"));
    Fact other = await(store.add(fact("Someone else's"), "mod-1"));
    Fact elsewhere =
        await(
            store.propose(
                new NewFact(
                    "x" + community, Fact.Kind.FACT, "Elsewhere", "E", "chat:3", "person-from")));

    assertEquals(4, await(store.reassignPerson(community, "person-from", "person-into")));

    Fact p = await(store.get(community, proposed.id())).orElseThrow();
    assertEquals("person-into", p.proposedBy());
    assertTrue(p.seq() > elsewhere.seq(), "a moved fact takes a new position in the feed");
    assertEquals(
        "person-into", await(store.get(community, reviewed.id())).orElseThrow().reviewedBy());
    assertEquals("person-1", await(store.get(community, reviewed.id())).orElseThrow().proposedBy());
    Fact b = await(store.get(community, both.id())).orElseThrow();
    assertEquals("person-into", b.proposedBy());
    assertEquals("person-into", b.reviewedBy());
    assertEquals(Optional.of(other), await(store.get(community, other.id())), "untouched");
    assertEquals(
        "person-from",
        await(store.get("x" + community, elsewhere.id())).orElseThrow().proposedBy(),
        "people are per community");

    assertEquals(
        0,
        await(store.reassignPerson(community, "person-from", "person-into")),
        "the same merge delivered again changes nothing");
    assertEquals(Optional.of(b), await(store.get(community, both.id())));
    assertEquals(0, await(store.reassignPerson(community, "person-into", "person-into")));
  }

  @Test
  void proposedFactsWaitForReview() {
    Fact proposed = await(store.propose(fact("Stream schedule")));
    assertEquals(Fact.Status.PENDING, proposed.status());
    assertEquals(1, proposed.version());
    assertNull(proposed.reviewedBy());
    assertEquals("chat:0190-abc", proposed.source());
    Fact approved = await(store.approve(community, proposed.id(), "mod-1")).orElseThrow();
    assertEquals(Fact.Status.APPROVED, approved.status());
    assertEquals("mod-1", approved.reviewedBy());
    assertEquals(2, approved.version());
    assertTrue(approved.seq() > proposed.seq());
    assertEquals(
        Optional.empty(),
        await(store.approve(community, proposed.id(), "mod-2")),
        "only pending facts are reviewed");
    assertEquals(Optional.empty(), await(store.reject(community, proposed.id(), "mod-2")));
    assertEquals(Optional.of(approved), await(store.get(community, proposed.id())));
    assertEquals(
        Optional.empty(), await(store.get("x" + community, proposed.id())), "scoped by community");
  }

  @Test
  void revisionGoesBackToReviewAndArchiveIsFinal() {
    Fact added = await(store.add(fact("Rules"), "admin"));
    assertEquals(Fact.Status.APPROVED, added.status());
    Fact revised =
        await(
                store.revise(
                    community,
                    added.id(),
                    "Rules v2",
                    "Be kind",
                    "https://example.org/rules",
                    "admin"))
            .orElseThrow();
    assertEquals(Fact.Status.PENDING, revised.status());
    assertEquals("Rules v2", revised.title());
    assertEquals("https://example.org/rules", revised.source());
    Fact archived = await(store.archive(community, added.id(), "admin")).orElseThrow();
    assertEquals(Fact.Status.ARCHIVED, archived.status());
    assertEquals(Optional.empty(), await(store.archive(community, added.id(), "admin")));
    assertEquals(
        Optional.empty(), await(store.revise(community, added.id(), "t", "b", "s", "admin")));
    assertEquals(Optional.empty(), await(store.approve(community, "no-such-id", "admin")));
  }

  @Test
  void listsByStatusNewestChangeFirst() {
    Fact a = await(store.propose(fact("a")));
    Fact b = await(store.propose(fact("b")));
    Fact c = await(store.propose(fact("c")));
    await(store.approve(community, a.id(), "m"));
    await(store.reject(community, b.id(), "m"));
    assertEquals(
        List.of(a.id()),
        await(store.list(community, Fact.Status.APPROVED, 10)).stream().map(Fact::id).toList());
    assertEquals(
        List.of(c.id()),
        await(store.list(community, Fact.Status.PENDING, 10)).stream().map(Fact::id).toList());
    assertEquals(3, await(store.list(community, null, 10)).size());
    assertEquals(2, await(store.list(community, null, 2)).size());
  }

  @Test
  void changeFeedReplaysEveryChangeInOrder() {
    long start =
        await(store.changesSince(0, 100_000)).stream().mapToLong(Fact::seq).max().orElse(0);
    Fact a = await(store.propose(fact("a")));
    Fact b = await(store.propose(fact("b")));
    await(store.approve(community, a.id(), "m"));
    List<Fact> changes = await(store.changesSince(start, 10));
    assertEquals(
        List.of(b.id(), a.id()),
        changes.stream().map(Fact::id).toList(),
        "a moved to the end when approved");
    assertEquals(Fact.Status.APPROVED, changes.get(1).status());
    assertEquals(
        List.of(a.id()),
        await(store.changesSince(changes.get(0).seq(), 10)).stream().map(Fact::id).toList());
  }

  @Test
  void concurrentReviewsHaveOneWinner() {
    Fact f = await(store.propose(fact("contested")));
    List<Optional<Fact>> results =
        Races.fireFromBoth(
            vertx,
            () -> store.approve(community, f.id(), "m1"),
            vertx,
            () -> store.reject(community, f.id(), "m2"),
            20);
    assertEquals(1, results.stream().filter(Optional::isPresent).count());
  }

  @Test
  void subjectIsKeptLowerCaseAndAChosenIdIsStoredOnce() {
    String id = dev.chorus.event.Ids.next();
    NewFact first =
        new NewFact(
            community,
            Fact.Kind.FACT,
            "Alice",
            "Alice draws the emotes",
            "chat:e1",
            "p1",
            "@Alice",
            id);
    Fact stored = await(store.propose(first));
    assertEquals(id, stored.id());
    assertEquals("alice", stored.subject());
    Fact again =
        await(
            store.propose(
                new NewFact(
                    community, Fact.Kind.FACT, "Other", "Other text", "chat:e1", "p1", null, id)));
    assertEquals(stored, again, "the repeat returns the fact stored first");
    assertEquals(1, await(store.list(community, null, 10)).size());
    assertNull(await(store.propose(fact("no subject"))).subject());
  }

  private List<NewFact> passages(String document, List<String> texts) {
    List<NewFact> out = new java.util.ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      out.add(
          new NewFact(
              community,
              Fact.Kind.DOCUMENT,
              document + " part " + (i + 1),
              texts.get(i),
              FactStore.documentSource(document, i + 1),
              "admin",
              null,
              java.util
                  .UUID
                  .nameUUIDFromBytes(
                      (community + "\n" + document + "\n" + texts.get(i))
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                  .toString()));
    }
    return out;
  }

  private List<Fact> documentFacts(String document) {
    return await(store.list(community, null, 1000)).stream()
        .filter(f -> f.source().startsWith("document:" + document + "#"))
        .toList();
  }

  @Test
  void aDocumentThatFailsPartWayLeavesNothingBehind() {
    String marker = "POISON" + Math.abs(community.hashCode());
    List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      texts.add("Passage " + i + " of the house rules" + (i == 29 ? " " + marker : ""));
    }
    long head = await(store.headSeq());
    Runnable lift = refuseBodiesContaining(marker);
    try {
      assertThrows(
          RuntimeException.class,
          () ->
              await(
                  store.putDocument(
                      community, "rules_v1.md", passages("rules_v1.md", texts), "admin")),
          "the store refused passage 30");
    } finally {
      lift.run();
    }
    assertEquals(List.of(), documentFacts("rules_v1.md"), "none of the first 29 passages stayed");
    assertTrue(
        await(store.changesSince(head, 1000)).stream()
            .noneMatch(f -> f.community().equals(community)),
        "the change feed (what the index reads) shows none of them");
    FactStore.DocumentWrite again =
        await(store.putDocument(community, "rules_v1.md", passages("rules_v1.md", texts), "admin"));
    assertEquals(40, again.passages().size(), "the retry stores the whole document");
    assertEquals(0, again.unchanged());
    assertEquals(texts, again.passages().stream().map(Fact::body).toList(), "in passage order");
  }

  @Test
  void aRepeatedUploadChangesNothingAndANewVersionReplacesTheOld() {
    List<String> v1 = List.of("Emotes by Pixelfox", "Be kind in chat", "Streams on Fridays");
    FactStore.DocumentWrite first =
        await(store.putDocument(community, "faq.md", passages("faq.md", v1), "admin"));
    assertEquals(3, first.passages().size());
    assertTrue(first.passages().stream().allMatch(f -> f.status() == Fact.Status.APPROVED));
    long head = await(store.headSeq());
    FactStore.DocumentWrite repeat =
        await(store.putDocument(community, "faq.md", passages("faq.md", v1), "admin"));
    assertEquals(first.passages(), repeat.passages(), "the same facts, unchanged");
    assertEquals(3, repeat.unchanged());
    assertEquals(head, await(store.headSeq()), "an identical upload writes nothing to the feed");

    List<String> v2 = List.of("Emotes by Pixelfox", "Streams on Fridays", "Merch in the shop");
    FactStore.DocumentWrite second =
        await(store.putDocument(community, "faq.md", passages("faq.md", v2), "admin"));
    assertEquals(v2, second.passages().stream().map(Fact::body).toList());
    assertEquals(2, second.unchanged());
    assertEquals(1, second.archived(), "'Be kind in chat' is not in the new version");
    assertEquals(
        List.of("Be kind in chat"),
        documentFacts("faq.md").stream()
            .filter(f -> f.status() == Fact.Status.ARCHIVED)
            .map(Fact::body)
            .toList());
    FactStore.DocumentWrite back =
        await(store.putDocument(community, "faq.md", passages("faq.md", v1), "admin"));
    assertEquals(1, back.archived(), "'Merch in the shop' goes");
    assertEquals(
        java.util.Set.copyOf(v1),
        documentFacts("faq.md").stream()
            .filter(f -> f.status() == Fact.Status.APPROVED)
            .map(Fact::body)
            .collect(java.util.stream.Collectors.toSet()),
        "the archived passage is approved again");
    await(store.putDocument(community, "teamXnotes", passages("teamXnotes", v1), "admin"));
    assertEquals(
        0,
        await(store.putDocument(community, "team_notes", List.of(), "admin")).archived(),
        "the _ of a name is not a wildcard: teamXnotes is another document");
    assertEquals(
        3,
        documentFacts("teamXnotes").stream()
            .filter(f -> f.status() == Fact.Status.APPROVED)
            .count());
  }

  /**
   * A reader that only ever reads on from the last position it saw (the index follower) misses no
   * write, even when a long transaction (a 300-passage document, taking 300 positions) runs while
   * other writers commit from another process: a gap of 300 positions that fills late.
   */
  @Test
  void aReaderOfTheFeedMissesNoWriteWhileManyAreInFlight() {
    FactStore second = other == null ? store : other;
    long start = await(store.headSeq());
    List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      texts.add("Long document passage number " + i);
    }
    java.util.Set<String> expected = new java.util.HashSet<>();
    passages("long.md", texts).forEach(p -> expected.add(p.id()));
    io.vertx.core.Future<FactStore.DocumentWrite> doc =
        store.putDocument(community, "long.md", passages("long.md", texts), "admin");
    List<io.vertx.core.Future<Fact>> singles = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      singles.add(second.add(fact("single " + i), "admin"));
    }
    io.vertx.core.Future<?> all = io.vertx.core.Future.all(doc, io.vertx.core.Future.all(singles));
    java.util.Set<String> seen = new java.util.HashSet<>();
    long last = start;
    int reads = 0;
    boolean finished = false;
    while (!finished) {
      finished = all.isComplete(); // read once more after everything committed
      for (Fact f : await(store.changesSince(last, 1000))) {
        if (f.community().equals(community)) {
          seen.add(f.id());
        }
        last = f.seq();
      }
      reads++;
    }
    await(all);
    singles.forEach(f -> expected.add(f.result().id()));
    assertEquals(400, expected.size());
    java.util.Set<String> missed = new java.util.HashSet<>(expected);
    missed.removeAll(seen);
    assertEquals(
        0, missed.size(), missed.size() + " of 400 writes passed over in " + reads + " reads");
  }
}
