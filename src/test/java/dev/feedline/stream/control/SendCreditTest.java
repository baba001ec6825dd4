package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SendCreditTest {
  private static final String FRAME = "x".repeat(996); // 1,000 bytes on the wire with its header

  @Test
  void framesAreCountedAsTheyGoOnTheWire() {
    assertEquals(2 + 125, SendCredit.frameBytes("a".repeat(125)));
    assertEquals(4 + 126, SendCredit.frameBytes("a".repeat(126)));
    assertEquals(2 + 2, SendCredit.frameBytes("é"));
    assertEquals(2 + 3, SendCredit.frameBytes("€"));
    assertEquals(2 + 4, SendCredit.frameBytes("😀"), "a surrogate pair is four bytes");
    assertEquals(1_000, SendCredit.frameBytes(FRAME));
  }

  @Test
  void blocksOnlyWhileWhatIsUnreadFitsTheCreditWithRoomForAPing() {
    SendCredit credit = new SendCredit(4_000);
    for (int i = 0; i < 3; i++) {
      assertTrue(credit.spend(FRAME), "frame " + i);
    }
    // 3,000 sent: a fourth would leave no room for the ping that asks for credit back.
    assertFalse(credit.spend(FRAME), "it goes asynchronously, and still counts");
    assertEquals(4_000, credit.unconfirmed());
  }

  @Test
  void aPingIsDueAtHalfTheCreditAndItsPongGivesTheCreditBack() {
    SendCredit credit = new SendCredit(4_000);
    assertTrue(credit.spend(FRAME));
    assertNull(credit.pingDue(), "a quarter used");
    assertTrue(credit.spend(FRAME));
    ByteBuffer ping = credit.pingDue();
    assertNotNull(ping, "half used");
    assertNull(credit.pingDue(), "one ping unanswered at a time");
    assertTrue(credit.spend(FRAME));
    assertFalse(credit.spend(FRAME), "the credit is used up");

    credit.pong(ping.duplicate());

    assertEquals(2_000, credit.unconfirmed(), "what was sent after the ping is not confirmed yet");
    assertTrue(credit.spend(FRAME));
    assertNotNull(credit.pingDue(), "the next ping may go");
  }

  @Test
  void onlyTheAnswerToTheOutstandingPingCounts() {
    SendCredit credit = new SendCredit(4_000);
    assertTrue(credit.spend(FRAME));
    assertTrue(credit.spend(FRAME));
    ByteBuffer ping = credit.pingDue();
    long before = credit.unconfirmed();

    credit.pong(ByteBuffer.allocate(0)); // a keep-alive's pong
    credit.pong(
        ByteBuffer.allocate(16).putLong(0, ping.getLong(0)).putLong(8, ping.getLong(8) + 1));
    credit.pong(ByteBuffer.allocate(16).putLong(0, Long.MAX_VALUE).putLong(8, ping.getLong(8)));
    credit.pong(ByteBuffer.allocate(24).put(ping.duplicate()).flip().limit(24));

    assertEquals(
        before, credit.unconfirmed(), "forged, stale or malformed pongs give nothing back");
    credit.pong(ping.duplicate());
    assertEquals(0, credit.unconfirmed());
    credit.pong(ping.duplicate());
    assertEquals(0, credit.unconfirmed(), "a repeated pong changes nothing");
  }

  @Test
  void aPongIsReadFromItsPosition() {
    SendCredit credit = new SendCredit(4_000);
    assertTrue(credit.spend(FRAME));
    assertTrue(credit.spend(FRAME));
    ByteBuffer ping = credit.pingDue();
    ByteBuffer shifted = ByteBuffer.allocate(20).position(4);
    shifted.put(ping.duplicate()).position(4);

    credit.pong(shifted);

    assertEquals(0, credit.unconfirmed());
  }

  @Test
  void aKeepAlivePingCarriesAMarkSoCreditSpentAsynchronouslyComesBack() {
    SendCredit credit = new SendCredit(4_000);
    assertNull(credit.keepAlivePing(), "nothing unconfirmed: an empty ping");
    assertTrue(credit.spend(FRAME));
    String big = "y".repeat(3_996); // does not fit what is left: it goes asynchronously, no ping
    assertFalse(credit.spend(big));
    assertFalse(credit.spend(FRAME));

    ByteBuffer ping = credit.keepAlivePing();
    assertNotNull(ping);
    assertNull(credit.keepAlivePing(), "one marked ping unanswered at a time");
    credit.pong(ping.duplicate());

    assertEquals(0, credit.unconfirmed());
    assertTrue(credit.spend(FRAME));
  }
}
