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
