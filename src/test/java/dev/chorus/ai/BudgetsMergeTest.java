package dev.chorus.ai;

import static dev.chorus.store.TestServices.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.state.inprocess.InProcessStateStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A merge of two people carries the merged person's spent AI budget to the survivor, once. */
class BudgetsMergeTest {

  private final InProcessStateStore state = new InProcessStateStore("b" + System.nanoTime());
  private final Budgets budgets = new Budgets(state, new Budgets.Limits(100, 1000, 0, 0, 0, 0));
  private final Instant now = Instant.now();

  private long spent(String person, int window) {
    List<Budgets.Window> w = budgets.windows(person, "web:demo", now);
    return await(state.counter("demo", w.get(window).key()));
  }

  @Test
  void theSurvivorCountsWhatTheMergedPersonSpentAndAReplayAddsNothing() {
    await(budgets.spend("demo", budgets.windows("from", "web:demo", now), 70));
    await(budgets.spend("demo", budgets.windows("into", "web:demo", now), 40));

    assertTrue(await(budgets.merge("demo", "from", "into", now)));
    assertEquals(110, spent("into", 0), "hour");
    assertEquals(110, spent("into", 1), "day");
    assertTrue(
        await(budgets.exhausted("demo", budgets.windows("into", "web:demo", now))).isPresent(),
        "linking an account does not refill the hourly budget");

    assertFalse(await(budgets.merge("demo", "from", "into", now)), "delivered twice");
    assertEquals(110, spent("into", 0));
    assertEquals(70, spent("from", 0), "the merged person's counters are left to expire");
    assertFalse(await(budgets.merge("demo", "into", "into", now)));
  }

  @Test
  void aMergeIsPerCommunity() {
    await(budgets.spend("demo", budgets.windows("from", "web:demo", now), 30));
    assertTrue(await(budgets.merge("other", "from", "into", now)));
    assertEquals(0, spent("into", 0));
    assertTrue(await(budgets.merge("demo", "from", "into", now)));
    assertEquals(30, spent("into", 0));
  }
}
