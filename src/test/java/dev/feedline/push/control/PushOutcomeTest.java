package dev.feedline.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushOutcomeTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final Instant EXPIRES = NOW.plus(Duration.ofHours(48));
  private static final Duration MAX = Duration.ofMinutes(10);

  private static PushOutcome answer(int status, String retryAfter, int attempts) {
    return PushOutcome.of(status, retryAfter, attempts, NOW, EXPIRES, MAX);
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 202})
  void aSuccessIsSent(int status) {
    assertEquals("sent", answer(status, null, 1).name());
    assertNull(answer(status, null, 1).retryAt());
  }

  @ParameterizedTest
  @ValueSource(ints = {404, 410})
  void goneRemovesTheSubscription(int status) {
    PushOutcome outcome = answer(status, null, 1);
    assertEquals("gone", outcome.name());
    assertTrue(outcome.removesSubscription());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 413})
  void otherRefusalsDropTheMessage(int status) {
    PushOutcome outcome = answer(status, null, 1);
    assertEquals("dropped", outcome.name());
    assertTrue(!outcome.removesSubscription());
  }

  @Test
  void retryAfterInSecondsIsHonoured() {
    assertEquals(NOW.plusSeconds(120), answer(429, "120", 1).retryAt());
    assertEquals(NOW.plusSeconds(3), answer(503, "3", 1).retryAt());
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    assertEquals(NOW.plusSeconds(90), answer(503, "Sat, 05 Dec 2026 12:01:30 GMT", 1).retryAt());
  }

  @Test
  void withoutRetryAfterTheBackoffDoublesWithJitterUpToItsBound() {
    for (int attempts = 1; attempts <= 12; attempts++) {
      long full = Math.min(1000L << (attempts - 1), MAX.toMillis());
      for (int i = 0; i < 50; i++) {
        Duration wait = Duration.between(NOW, answer(500, null, attempts).retryAt());
        assertTrue(wait.toMillis() >= full / 2 && wait.toMillis() <= full, attempts + ": " + wait);
      }
    }
    Duration wait = Duration.between(NOW, answer(502, "soon", 1).retryAt());
    assertTrue(wait.toMillis() <= 1000, "a Retry-After not understood falls back: " + wait);
  }

  @Test
  void noAnswerIsRetried() {
    PushOutcome outcome = PushOutcome.unanswered(3, NOW, EXPIRES, MAX);
    assertEquals("retried", outcome.name());
    assertTrue(outcome.retryAt().isAfter(NOW));
  }

  @Test
  void aRetryPastTheTtlExpiresInstead() {
    PushOutcome outcome = PushOutcome.of(429, "7200", 1, NOW, NOW.plusSeconds(60), MAX);
    assertEquals("expired", outcome.name());
    assertNull(outcome.retryAt());
  }
}
