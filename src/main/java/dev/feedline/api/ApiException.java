package dev.feedline.api;

import dev.feedline.errors.AuthenticationRequiredException;
import dev.feedline.errors.DomainException;
import dev.feedline.errors.InvalidFeedException;
import dev.feedline.errors.InvalidInputException;
import dev.feedline.errors.NotFoundException;
import dev.feedline.errors.PermissionDeniedException;
import dev.feedline.errors.RateLimitedException;
import dev.feedline.errors.TooLargeException;

/** A failure with the status and error code that API.md fixes for it. */
public class ApiException extends RuntimeException {
  /** The code of an unforeseen failure (500): a fault of the service, never of the request. */
  public static final String INTERNAL = "internal";

  private final int status;
  private final String code;
  private long retryAfterSeconds;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Seconds a client should wait before trying again (Retry-After), 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * The answer API.md fixes for a refusal of the domain: the one table from domain refusals to
   * statuses and codes, shared by the REST mapper and the streams.
   */
  public static ApiException of(DomainException e) {
    String message = e.getMessage();
    if (e instanceof InvalidInputException) {
      return badRequest(message);
    }
    if (e instanceof InvalidFeedException) {
      return badFeed(message);
    }
    if (e instanceof AuthenticationRequiredException) {
      return unauthorized(message);
    }
    if (e instanceof PermissionDeniedException) {
      return forbidden(message);
    }
    if (e instanceof NotFoundException) {
      return notFound(message);
    }
    if (e instanceof TooLargeException) {
      return tooLarge(message);
    }
    if (e instanceof RateLimitedException limited) {
      return rateLimited(message, limited.retryAfterSeconds());
    }
    // Unreachable while every permitted subclass is named above; a test checks that it is.
    throw new IllegalStateException("No answer for " + e.getClass().getName(), e);
  }

  /**
   * The answer API.md fixes for a status that the framework or the server chose (an unknown path, a
   * method or media type a path does not serve, a request the server could not read), with a
   * message of our own: theirs may name classes or internal codes. A status outside API.md's list
   * maps to the listed one that means the same to a client: a method or {@code Accept} a path does
   * not serve is a bad request, a request line or header block too large is too large.
   */
  public static ApiException ofStatus(int status) {
    return switch (status) {
      case 401 -> unauthorized("A valid bearer token is required.");
      case 403 -> forbidden("This request is not allowed.");
      case 404, 410 -> notFound("No such resource.");
      case 405, 501 -> badRequest("This method is not allowed here.");
      case 406 -> badRequest("The Accept header allows no type that this path answers with.");
      case 413, 414, 431 -> tooLarge("The request is too large.");
      case 415 -> unsupportedMediaType("The body must be application/json.");
      case 429 -> rateLimited("Too many requests; try again shortly.", 0);
      case 503 -> unavailable("The service is unavailable; try again shortly.");
      default ->
          status >= 500
              ? new ApiException(500, INTERNAL, "An unexpected error occurred.")
              : badRequest("The request is malformed.");
    };
  }

  /** A method the path does not serve: a bad request naming the ones it does (the Allow header). */
  public static ApiException methodNotAllowed(String allowed) {
    return badRequest("This method is not allowed here; the allowed methods are " + allowed + ".");
  }

  public static ApiException unsupportedMediaType(String message) {
    return new ApiException(415, "unsupported_media_type", message);
  }

  public static ApiException rateLimited(String message, long retryAfterSeconds) {
    ApiException e = new ApiException(429, "rate_limited", message);
    e.retryAfterSeconds = retryAfterSeconds;
    return e;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException badFeed(String message) {
    return new ApiException(400, "bad_feed", message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(413, "too_large", message);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }
}
