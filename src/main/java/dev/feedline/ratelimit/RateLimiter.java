package dev.feedline.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts attempts per key (a user, a client address) in one-minute windows and says when one is
 * over its limit. Bounded: keys whose window has passed are dropped when the map grows large.
 */
public final class RateLimiter {
  private static final long WINDOW_MS = 60_000;
  private static final int MAX_KEYS = 100_000;

  private record Window(long start, int count) {}

  private final int perMinute;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public RateLimiter(int perMinute, LongSupplier clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Counts an attempt for {@code key}: 0 if allowed, else the seconds until it would be. */
  public long attempt(String key) {
    long now = clock.getAsLong();
    if (windows.size() > MAX_KEYS) {
      windows.values().removeIf(w -> now - w.start() >= WINDOW_MS);
    }
    Window window =
        windows.compute(
            key,
            (k, w) ->
                w == null || now - w.start() >= WINDOW_MS
                    ? new Window(now, 1)
                    : new Window(w.start(), w.count() + 1));
    if (window.count() <= perMinute) {
      return 0;
    }
    return Math.max(1, (window.start() + WINDOW_MS - now + 999) / 1000);
  }
}
