package dev.feedline.stream.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageSizeTest {
  private final MessageSize size = new MessageSize(10);

  @Test
  void aWholeMessageWithinTheLimitIsAnsweredAsItCame() throws Exception {
    assertEquals("0123456789", size.text("0123456789", true));
  }

  @Test
  void fragmentsAreJoinedIntoTheMessage() throws Exception {
    assertNull(size.text("01234", false));
    assertNull(size.text("", false));
    assertEquals("0123456789", size.text("56789", true));
  }

  @Test
  void theLimitHoldsForTheSumOfTheFragments() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertNull(size.text("01", false));
    }
    assertThrows(MessageSize.TooLarge.class, () -> size.text("0", false));
  }

  @Test
  void aSingleFragmentOverTheLimitIsTooLarge() {
    assertThrows(MessageSize.TooLarge.class, () -> size.text("01234567890", true));
  }

  @Test
  void eachMessageStartsFromZero() throws Exception {
    assertEquals("0123456789", size.text("0123456789", true));
    assertNull(size.text("01234", false));
    assertEquals("0123456789", size.text("56789", true));
  }

  @Test
  void bytesAreCountedAsUtf8() throws Exception {
    assertEquals("\u00e9".repeat(5), size.text("\u00e9".repeat(5), true)); // 2 bytes each
    assertThrows(MessageSize.TooLarge.class, () -> size.text("\u20ac".repeat(4), true)); // 3 each
    assertEquals(8, MessageSize.utf8Length("\ud83d\ude00\ud83d\ude00")); // 4 each
  }

  @Test
  void binaryMessagesAreCountedAcrossFragments() throws Exception {
    assertFalse(size.binary(6, false));
    assertTrue(size.binary(4, true));
    assertFalse(size.binary(6, false));
    assertThrows(MessageSize.TooLarge.class, () -> size.binary(5, true));
  }

  @Test
  void afterTooLargeEveryFragmentIsTooLarge() {
    assertThrows(MessageSize.TooLarge.class, () -> size.text("01234567890", false));
    assertThrows(MessageSize.TooLarge.class, () -> size.text("", true));
  }
}
