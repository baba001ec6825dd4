package dev.feedline.api;

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
