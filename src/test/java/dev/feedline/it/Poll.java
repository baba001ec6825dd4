package dev.feedline.it;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by asking it again and again, up to a bound; never a fixed wait. */
public final class Poll {
  private static final Duration INTERVAL = Duration.ofMillis(200);

  private Poll() {}

  /** A bound as a failure message says it: "30 s" (whole seconds, rounded up), or "500 ms". */
  public static String span(Duration bound) {
    long millis = bound.toMillis();
    return millis < 1000 ? millis + " ms" : (millis + 999) / 1000 + " s";
  }

  /**
   * Returns as soon as {@code condition} holds; fails with {@code state} (what was seen last) when
   * it still does not after {@code bound}.
   */
  public static void until(
      Duration bound, String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "Gave up after " + span(bound) + " waiting for " + what + "; " + state.get());
      }
      // Only paces the next question; the loop ends as soon as the answer is yes.
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }
}
