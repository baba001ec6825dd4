package dev.feedline.errors;

/** Input over a configured size limit; it is refused, never cut to fit. */
public final class TooLargeException extends DomainException {
  public TooLargeException(String message) {
    super(message);
  }
}
