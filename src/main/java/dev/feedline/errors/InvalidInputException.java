package dev.feedline.errors;

/** Input that breaks a rule of its form: blank text, a malformed tag, too many tags. */
public final class InvalidInputException extends DomainException {
  public InvalidInputException(String message) {
    super(message);
  }
}
