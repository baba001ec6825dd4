package dev.feedline.errors;

/** The thing asked for does not exist (or no longer does). */
public final class NotFoundException extends DomainException {
  public NotFoundException(String message) {
    super(message);
  }
}
