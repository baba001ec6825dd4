package dev.feedline.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final RateLimiter limiter = new RateLimiter(3, now::get);

  @Test
  void attemptsUpToTheLimitPassAndTheNextWaitsForTheWindowToEnd() {
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limiter.attempt("alice"));
    }
    now.addAndGet(20_000);

    assertEquals(40, limiter.attempt("alice"));
  }

  @Test
  void aNewWindowAllowsAttemptsAgain() {
    for (int i = 0; i < 4; i++) {
      limiter.attempt("alice");
    }
    now.addAndGet(60_000);

    assertEquals(0, limiter.attempt("alice"));
  }

  @Test
  void eachKeyHasItsOwnCount() {
    for (int i = 0; i < 4; i++) {
      limiter.attempt("alice");
    }

    assertEquals(0, limiter.attempt("bob"));
  }
}
