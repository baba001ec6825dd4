package dev.feedline.errors;

/**
 * A request the domain refuses. Sealed, so the one place that maps refusals to API.md's answers
 * knows every kind there is.
 */
public abstract sealed class DomainException extends RuntimeException
    permits AuthenticationRequiredException,
        InvalidFeedException,
        InvalidInputException,
        NotFoundException,
        PermissionDeniedException,
        RateLimitedException,
        TooLargeException {

  protected DomainException(String message) {
    super(message);
  }
}
