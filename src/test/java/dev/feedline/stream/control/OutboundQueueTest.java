package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutboundQueueTest {
  @Test
  void aFrameThatWouldPassTheBoundIsRefusedAndTakesNoRoom() {
    OutboundQueue queue = new OutboundQueue(10);

    assertTrue(queue.add("123456"));
    assertFalse(queue.add("12345"));
    assertEquals(6, queue.chars());
    assertTrue(queue.add("1234"), "exactly up to the bound");
    assertEquals(10, queue.chars());
  }

  @Test
  void aFrameTakesRoomUntilItsSendIsReleasedNotWhenItIsTaken() {
    OutboundQueue queue = new OutboundQueue(10);
    queue.add("1234567890");

    String next = queue.poll();
    assertEquals("1234567890", next);
    assertFalse(queue.add("x"), "the frame in flight still counts");

    queue.release(OutboundQueue.room(next));
    assertEquals(0, queue.chars());
    assertTrue(queue.add("x"));
  }

  @Test
  void keepAlivesQueueInOrderAndTakeNoRoom() {
    OutboundQueue queue = new OutboundQueue(4);
    queue.add("ab");
    queue.addPing();
    queue.add("cd");

    assertEquals("ab", queue.poll());
    String ping = queue.poll();
    assertTrue(OutboundQueue.isPing(ping));
    assertEquals(0, OutboundQueue.room(ping));
    assertFalse(OutboundQueue.isPing(new String("ping")), "a frame reading ping is a frame");
    assertEquals("cd", queue.poll());
    assertNull(queue.poll());
    assertTrue(queue.isEmpty());
  }
}
