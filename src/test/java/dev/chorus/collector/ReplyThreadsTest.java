package dev.chorus.collector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.event.Delivery;
import org.junit.jupiter.api.Test;

class ReplyThreadsTest {

  static Delivery reply(String inReplyTo, String channel) {
    return new Delivery("d1", inReplyTo, "discord", channel, "hi");
  }

  @Test
  void aReplyInTheMessagesChannelGetsItsReference() {
    ReplyThreads threads = new ReplyThreads();
    threads.remember("e1", "C1", "m1");
    assertEquals("m1", threads.parentOf(reply("e1", "C1")));
    assertNull(threads.parentOf(reply("e1", "C2")), "another channel");
    assertNull(threads.parentOf(reply("e2", "C1")), "an event not accepted here");
    assertNull(threads.parentOf(reply(null, "C1")), "a reply to no event");
  }

  @Test
  void theOldestEventsAreForgottenBeyondTheCapacity() {
    ReplyThreads threads = new ReplyThreads(2);
    threads.remember("e1", "C1", "m1");
    threads.remember("e2", "C1", "m2");
    threads.remember("e3", "C1", "m3");
    assertEquals(2, threads.size());
    assertNull(threads.parentOf(reply("e1", "C1")));
    assertEquals("m3", threads.parentOf(reply("e3", "C1")));
  }

  @Test
  void blankReferencesAreNotRememberedAndABadCapacityIsRefused() {
    ReplyThreads threads = new ReplyThreads();
    threads.remember("e1", "C1", null);
    threads.remember("e2", " ", "m2");
    assertEquals(0, threads.size());
    assertThrows(IllegalArgumentException.class, () -> new ReplyThreads(0));
  }
}
