package dev.feedline.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong nanos = new AtomicLong(Duration.ofHours(1).toNanos());
  private final RateLimiter limiter = new RateLimiter(3, 1_000, nanos::get);

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void attemptsUpToTheLimitPassAndTheNextWaitsForTheWindowToEnd() {
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.attempt("alice").allowed());
    }
    advance(Duration.ofSeconds(20));

    RateLimiter.Verdict refused = limiter.attempt("alice");

    assertFalse(refused.allowed());
    assertEquals(40, refused.retryAfterSeconds());
  }

  @Test
  void retryAfterRoundsUpAndIsNeverZero() {
    for (int i = 0; i < 3; i++) {
      limiter.attempt("alice");
    }
    advance(Duration.ofSeconds(59).plusMillis(999));

    assertEquals(1, limiter.attempt("alice").retryAfterSeconds());
  }

  @Test
  void onlyTheFirstRefusalOfAWindowSaysSo() {
    for (int i = 0; i < 3; i++) {
      assertFalse(limiter.attempt("alice").firstRefusal());
    }

    assertTrue(limiter.attempt("alice").firstRefusal());
    for (int i = 0; i < 5; i++) {
      RateLimiter.Verdict again = limiter.attempt("alice");
      assertFalse(again.allowed());
      assertFalse(again.firstRefusal());
    }
    advance(RateLimiter.WINDOW);
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.attempt("alice").allowed());
    }
    assertTrue(limiter.attempt("alice").firstRefusal(), "a new window refuses anew");
  }

  @Test
  void aNewWindowAllowsAttemptsAgain() {
    for (int i = 0; i < 4; i++) {
      limiter.attempt("alice");
    }
    advance(RateLimiter.WINDOW);

    assertTrue(limiter.attempt("alice").allowed());
  }

  @Test
  void attemptsDuringAWindowDoNotExtendIt() {
    limiter.attempt("alice");
    for (int i = 0; i < 10; i++) {
      advance(Duration.ofSeconds(5));
      limiter.attempt("alice");
    }
    advance(Duration.ofSeconds(10));

    assertTrue(limiter.attempt("alice").allowed(), "the window opened a minute ago has ended");
  }

  @Test
  void eachKeyHasItsOwnCount() {
    for (int i = 0; i < 4; i++) {
      limiter.attempt("alice");
    }

    assertTrue(limiter.attempt("bob").allowed());
  }

  @Test
  void aKeyIsForgottenWhenItsWindowEndsWithoutAnotherAttempt() {
    for (int i = 0; i < 500; i++) {
      limiter.attempt("10.0.0." + i);
    }
    assertEquals(500, limiter.trackedKeys());

    advance(RateLimiter.WINDOW.minusSeconds(1));
    assertEquals(500, limiter.trackedKeys(), "still inside their window");
    advance(Duration.ofSeconds(1));

    assertEquals(0, limiter.trackedKeys());
  }

  @Test
  void neverHoldsMoreKeysThanItsBoundHowEverManyClientsTry() {
    RateLimiter small = new RateLimiter(3, 100, nanos::get);
    for (int i = 0; i < 100_000; i++) {
      small.attempt("client-" + i);
    }

    assertTrue(small.trackedKeys() <= 100, small.trackedKeys() + " keys");
  }

  // Repeated: before eviction ran on the caller, it let the storm go in most repetitions.
  @RepeatedTest(50)
  void aKeyThatKeepsTryingOutlastsOneOffKeysAndStaysRefused() {
    RateLimiter small = new RateLimiter(3, 100, nanos::get);
    for (int i = 0; i < 20; i++) {
      small.attempt("storm");
    }
    for (int i = 0; i < 10_000; i++) {
      small.attempt("passer-by-" + i);
      if (i % 100 == 0) {
        assertFalse(small.attempt("storm").allowed(), "after " + i + " other keys");
      }
    }
  }
}
