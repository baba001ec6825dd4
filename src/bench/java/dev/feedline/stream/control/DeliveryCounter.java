package dev.feedline.stream.control;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Counts the sends completed by many transports, and lets one thread wait for a number of them. The
 * waiter parks rather than spins: on two cores a spinning waiter would take a core from the writers
 * it waits for.
 */
final class DeliveryCounter {
  private static final long BOUND = TimeUnit.SECONDS.toNanos(30);

  private final AtomicLong sent = new AtomicLong();
  private volatile long target = Long.MAX_VALUE;
  private volatile Thread waiter;

  /** Called by a transport when a send completed. */
  void sent() {
    if (sent.incrementAndGet() == target) {
      LockSupport.unpark(waiter);
    }
  }

  /** Announces the total to wait for; call before causing the sends, then {@link #await}. */
  void expect(long total) {
    waiter = Thread.currentThread();
    target = total;
  }

  /** Waits until {@code total} sends completed in all; fails after 30 s rather than hang. */
  void await(long total) {
    long deadline = System.nanoTime() + BOUND;
    while (sent.get() < total) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException("only " + sent.get() + " of " + total + " sends completed");
      }
      LockSupport.parkNanos(this, left);
    }
  }
}
