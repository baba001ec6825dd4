package dev.feedline.stream.control;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How much may be written to one WebSocket connection by sends that block the writing thread,
 * without one ever waiting on the peer. A blocking write waits only when the socket's send buffer
 * is full, and what the peer has read is no longer in it. The peer proves that it has read all that
 * was sent before a ping by answering it with a pong, which carries the ping's payload back; what
 * was sent since the last answered ping counts against the credit. Past the credit, sends go the
 * asynchronous way, which never holds a thread; a peer that stopped reading stays there, its queue
 * grows, and it is closed with 4008 as before.
 *
 * <p>Sends of one connection happen one at a time (the {@link Subscriber} sees to it), so only
 * {@link #pong} runs concurrently with the rest, on the thread that reads the connection.
 */
public final class SendCredit {
  /** A ping's frame: two bytes of header and the payload (the mark and a nonce). */
  static final int PING_FRAME_BYTES = 2 + 16;

  private final long limit;
  private long sent;
  private volatile long confirmed;
  private long pingNonce;
  private volatile long pingMark = -1;

  /** {@code limit}: bytes the socket's send buffer surely holds. */
  public SendCredit(long limit) {
    this.limit = limit;
  }

  /**
   * Counts a text frame as sent, whichever way it goes, and answers whether it may go by a send
   * that blocks: whether it fits the credit with room left for the ping that asks for more.
   */
  public boolean spend(String text) {
    int bytes = frameBytes(text);
    boolean fits = sent + bytes + PING_FRAME_BYTES - confirmed <= limit;
    sent += bytes;
    return fits;
  }

  /**
   * A ping's payload when one is due (half the credit used and no ping unanswered), counted as
   * sent; null when none is. The caller sends it right after the frame it just sent.
   */
  public ByteBuffer pingDue() {
    if (pingMark >= 0 || sent - confirmed < limit / 2) {
      return null;
    }
    return ping();
  }

  /**
   * The payload for a keep-alive ping: a marked one when none is unanswered, so a connection whose
   * credit ran out on frames sent asynchronously (none of which is followed by a ping) gets it back
   * at the next keep-alive; else null (an empty ping).
   */
  public ByteBuffer keepAlivePing() {
    return pingMark >= 0 || sent == confirmed ? null : ping();
  }

  private ByteBuffer ping() {
    sent += PING_FRAME_BYTES;
    long nonce = ThreadLocalRandom.current().nextLong();
    pingNonce = nonce;
    pingMark = sent; // published after the nonce
    return ByteBuffer.allocate(16).putLong(0, sent).putLong(8, nonce);
  }

  /** A pong from the peer: confirms what was sent before the ping it answers, if it answers one. */
  public void pong(ByteBuffer data) {
    long mark = pingMark;
    if (mark < 0 || data.remaining() != 16) {
      return; // a keep-alive's pong, or an unsolicited one
    }
    int at = data.position();
    if (data.getLong(at) == mark && data.getLong(at + 8) == pingNonce) {
      confirmed = mark;
      pingMark = -1;
    }
  }

  /** Bytes sent and not yet confirmed read. */
  long unconfirmed() {
    return sent - confirmed;
  }

  /** A text frame's size on the wire from a server: header and UTF-8 payload. */
  static int frameBytes(String text) {
    int bytes = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2; // a surrogate pair is four bytes, two per half
      } else {
        bytes += 3;
      }
    }
    return bytes + (bytes < 126 ? 2 : bytes < 65_536 ? 4 : 10);
  }
}
