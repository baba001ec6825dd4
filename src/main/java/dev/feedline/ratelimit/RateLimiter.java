package dev.feedline.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Counts attempts per key (a user, a client address) in one-minute windows and says when one is
 * over its limit.
 *
 * <p>Memory is bounded twice: a key is forgotten when its window ends, and at most {@code maxKeys}
 * keys are held; past that the least used are forgotten first, so a key that keeps trying is among
 * the last to go. Both happen in Caffeine's maintenance, in small amortized steps, so no request
 * ever waits for a sweep over all keys. The maintenance runs on the caller's thread: on another
 * executor it lags behind the writes it orders, and a storm of new keys could then evict a key that
 * keeps trying, which would start counting it afresh.
 */
public final class RateLimiter {
  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final long WINDOW_NANOS = WINDOW.toNanos();
  private static final long SECOND_NANOS = Duration.ofSeconds(1).toNanos();
  private static final Verdict ALLOWED = new Verdict(0, false);

  /**
   * One attempt's outcome: allowed ({@code retryAfterSeconds} 0), or refused until the key's window
   * ends; {@code firstRefusal} marks the first refusal of that window, so a caller can log a storm
   * once instead of once per attempt.
   */
  public record Verdict(long retryAfterSeconds, boolean firstRefusal) {
    public boolean allowed() {
      return retryAfterSeconds == 0;
    }
  }

  /** A window opened at {@code start} (ticker nanoseconds) holding {@code count} attempts. */
  private record Window(long start, int count) {}

  private final int perMinute;
  private final Ticker ticker;
  private final Cache<String, Window> windows;

  public RateLimiter(int perMinute, long maxKeys) {
    this(perMinute, maxKeys, Ticker.systemTicker());
  }

  RateLimiter(int perMinute, long maxKeys, Ticker ticker) {
    if (maxKeys < 1) {
      // Holding no key would count every attempt as a window's first: no limit at all.
      throw new IllegalArgumentException("A rate limit must track at least one key: " + maxKeys);
    }
    this.perMinute = perMinute;
    this.ticker = ticker;
    this.windows =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfter(new WindowEnd())
            .ticker(ticker)
            .executor(Runnable::run) // see the class comment
            .build();
  }

  /** Counts an attempt for {@code key}. */
  public Verdict attempt(String key) {
    long now = ticker.read();
    Window window = windows.asMap().compute(key, (k, open) -> count(open, now));
    if (window.count() <= perMinute) {
      return ALLOWED;
    }
    long remaining = window.start() + WINDOW_NANOS - now;
    long seconds = Math.max(1, (remaining + SECOND_NANOS - 1) / SECOND_NANOS);
    return new Verdict(seconds, window.count() == perMinute + 1);
  }

  private Window count(Window open, long now) {
    if (open == null || now - open.start() >= WINDOW_NANOS) {
      return new Window(now, 1);
    }
    // Past the first refusal the count stops: a storm then allocates nothing per attempt.
    return open.count() > perMinute + 1 ? open : new Window(open.start(), open.count() + 1);
  }

  /** The keys held after pending expiry and eviction have run. */
  long trackedKeys() {
    windows.cleanUp();
    return windows.estimatedSize();
  }

  /** A key lives until its window ends, however often it is counted meanwhile. */
  private static final class WindowEnd implements Expiry<String, Window> {
    @Override
    public long expireAfterCreate(String key, Window window, long currentTime) {
      return window.start() + WINDOW_NANOS - currentTime;
    }

    @Override
    public long expireAfterUpdate(
        String key, Window window, long currentTime, long currentDuration) {
      return window.start() + WINDOW_NANOS - currentTime;
    }

    @Override
    public long expireAfterRead(String key, Window window, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
