package dev.feedline.stream.boundary;

import dev.feedline.api.ApiError;
import dev.feedline.json.Json;
import dev.feedline.ratelimit.RateLimiter;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits how often one client address may open a stream (WebSocket upgrade or SSE), so a reconnect
 * storm from one client cannot take the node down: 429 with Retry-After.
 */
@WebFilter(
    urlPatterns = {"/api/v1/stream", "/api/v1/stream/sse"},
    asyncSupported = true)
public class StreamAdmissionFilter extends HttpFilter {
  private transient RateLimiter limiter;

  @Inject
  @ConfigProperty(name = "feedline.limits.stream-connects-per-minute-per-address")
  int perMinute;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (limiter == null) {
      limiter = new RateLimiter(perMinute, System::currentTimeMillis);
    }
    long wait = limiter.attempt(request.getRemoteAddr());
    if (wait > 0) {
      response.setStatus(429);
      response.setHeader("Retry-After", Long.toString(wait));
      response.setContentType("application/json");
      response
          .getOutputStream()
          .write(
              Json.write(
                      new ApiError(
                          "rate_limited", "Too many stream connections from this address."))
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(request, response);
  }
}
