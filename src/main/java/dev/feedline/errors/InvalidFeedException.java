package dev.feedline.errors;

/** A feed name that is not one: unknown, or malformed. */
public final class InvalidFeedException extends DomainException {
  public InvalidFeedException(String message) {
    super(message);
  }
}
