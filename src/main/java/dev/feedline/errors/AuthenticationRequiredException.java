package dev.feedline.errors;

/** What was asked for needs a known caller, and the request names none. */
public final class AuthenticationRequiredException extends DomainException {
  public AuthenticationRequiredException(String message) {
    super(message);
  }
}
