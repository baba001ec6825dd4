package dev.feedline.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Which browser origins may read an endpoint's answers from another site ({@code
 * feedline.cors.allowed-origins}), and the headers that tell the browser so. Free of any one HTTP
 * framework: the caller hands in how it sets a response header. Today only the SSE stream answers
 * CORS; REST calls from another origin take it from whatever fronts the service (README).
 */
@ApplicationScoped
public class CorsPolicy {
  /** How long a browser may keep a preflight's answer, in seconds. */
  static final String MAX_AGE = "600";

  @Inject ApiSettings settings;

  /** Whether pages from {@code origin} (the request's Origin header, null if none) may read. */
  public boolean allows(String origin) {
    List<String> allowed = settings.allowedOrigins();
    return origin != null && (allowed.contains(origin) || allowed.contains("*"));
  }

  /** Lets pages from {@code origin} read this answer, if they may; else sets nothing. */
  public void allowOrigin(String origin, BiConsumer<String, String> setHeader) {
    if (allows(origin)) {
      setHeader.accept("Access-Control-Allow-Origin", origin);
      setHeader.accept("Vary", "Origin");
    }
  }

  /**
   * The headers answering a preflight to an endpoint that takes {@code methods} and the request
   * headers {@code headers}: the origin as {@link #allowOrigin} says, the methods, headers and how
   * long to keep the answer whatever the origin.
   */
  public void preflight(
      String origin, String methods, String headers, BiConsumer<String, String> setHeader) {
    allowOrigin(origin, setHeader);
    setHeader.accept("Access-Control-Allow-Methods", methods);
    setHeader.accept("Access-Control-Allow-Headers", headers);
    setHeader.accept("Access-Control-Max-Age", MAX_AGE);
  }
}
