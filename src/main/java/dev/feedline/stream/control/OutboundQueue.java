package dev.feedline.stream.control;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection's outbound frames, bounded by their size in characters. A frame takes room from the
 * moment it is queued until its send completes ({@link #release}), so the bound covers the send in
 * flight too; keep-alives take none. Any thread may add; the {@link Subscriber}'s one writer takes.
 */
final class OutboundQueue {
  // Identity marks a keep-alive in the queue; no frame is ever this very String.
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String PING = new String("ping");

  private final long maxChars;
  private final Queue<String> frames = new ConcurrentLinkedQueue<>();
  private final AtomicLong chars = new AtomicLong();

  OutboundQueue(long maxChars) {
    this.maxChars = maxChars;
  }

  /** Queues a frame; false, and nothing queued, when it would take the queue over its bound. */
  boolean add(String frame) {
    if (chars.addAndGet(frame.length()) > maxChars) {
      chars.addAndGet(-frame.length());
      return false;
    }
    frames.add(frame);
    return true;
  }

  /** Queues a keep-alive behind whatever is queued. */
  void addPing() {
    frames.add(PING);
  }

  /** The next frame or keep-alive ({@link #isPing}), or null when none is queued. */
  String poll() {
    return frames.poll();
  }

  boolean isEmpty() {
    return frames.isEmpty();
  }

  static boolean isPing(String next) {
    return next == PING;
  }

  /** The room {@code next} takes: its length, none for a keep-alive. */
  static int room(String next) {
    return isPing(next) ? 0 : next.length();
  }

  /** Gives back the room of a frame whose send completed or failed. */
  void release(int room) {
    chars.addAndGet(-room);
  }

  /** Characters queued or in flight. */
  long chars() {
    return chars.get();
  }

  /** Drops every queued frame (the connection is closing). */
  void clear() {
    frames.clear();
  }
}
