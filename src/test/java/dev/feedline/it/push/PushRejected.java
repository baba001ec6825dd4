package dev.feedline.it.push;

/** A push request that a push service or a user agent would refuse, and why. */
public final class PushRejected extends RuntimeException {
  public PushRejected(String reason) {
    super(reason);
  }

  public PushRejected(String reason, Throwable cause) {
    super(reason, cause);
  }
}
