package dev.feedline.errors;

/** The caller acts faster than its limit allows; trying again after a while will succeed. */
public final class RateLimitedException extends DomainException {
  private final long retryAfterSeconds;

  public RateLimitedException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds until the limit allows another attempt. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
