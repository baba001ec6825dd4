package dev.feedline.push.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a push service's answer means (API.md): {@code 2xx} sent; {@code 404} or {@code 410} the
 * subscription is gone; {@code 429}, {@code 5xx} and no answer are tried again after a backoff (or
 * the {@code Retry-After} asked for) while the message's TTL lasts; anything else drops the
 * message. Named for the metrics.
 */
record PushOutcome(String name, Instant retryAt) {
  /** The first retry waits about this long, doubling with each attempt. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  static PushOutcome of(
      int status,
      String retryAfter,
      int attempts,
      Instant now,
      Instant expires,
      Duration maxBackoff) {
    if (status >= 200 && status < 300) {
      return new PushOutcome("sent", null);
    }
    if (status == 404 || status == 410) {
      return new PushOutcome("gone", null);
    }
    if (status == 429 || status >= 500) {
      Duration wait = retryAfter(retryAfter, now).orElse(backoff(attempts, maxBackoff));
      return retry(now.plus(wait), expires);
    }
    return new PushOutcome("dropped", null);
  }

  /** No answer within the timeout, or the connection failed. */
  static PushOutcome unanswered(int attempts, Instant now, Instant expires, Duration maxBackoff) {
    return retry(now.plus(backoff(attempts, maxBackoff)), expires);
  }

  static PushOutcome expired() {
    return new PushOutcome("expired", null);
  }

  /** The endpoint now points where pushes may not go: the subscription is dropped. */
  static PushOutcome refusedEndpoint() {
    return new PushOutcome("refused", null);
  }

  boolean removesSubscription() {
    return name.equals("gone") || name.equals("refused");
  }

  /** Writes what the outcome leaves in the store. */
  void record(Connection c, PushOutbox.Taken push) throws SQLException {
    if (retryAt != null) {
      PushOutbox.retryAt(c, push.id(), retryAt);
    } else if (removesSubscription()) {
      PushOutbox.removeSubscription(c, push.subscriptionId());
    } else {
      PushOutbox.remove(c, push.id());
    }
  }

  private static PushOutcome retry(Instant at, Instant expires) {
    return at.isBefore(expires) ? new PushOutcome("retried", at) : expired();
  }

  /**
   * Doubling from {@link #FIRST_BACKOFF} with each attempt, up to {@code max}, with jitter: a
   * random wait between half and all of it, so pushes that failed together are not retried
   * together.
   */
  static Duration backoff(int attempts, Duration max) {
    long millis = FIRST_BACKOFF.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
    long capped = Math.min(millis, max.toMillis());
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  /** {@code Retry-After} as seconds or an HTTP date; empty when absent or not understood. */
  static java.util.Optional<Duration> retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return java.util.Optional.empty();
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0
          ? java.util.Optional.empty()
          : java.util.Optional.of(Duration.ofSeconds(seconds));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return java.util.Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException notADate) {
        return java.util.Optional.empty();
      }
    }
  }
}
