package dev.feedline.stream.boundary;

import dev.feedline.api.ApiError;
import dev.feedline.json.Json;
import dev.feedline.ratelimit.RateLimiter;
import dev.feedline.stream.control.StreamSettings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * Limits how often one client address may open a stream (WebSocket upgrade or SSE), so a reconnect
 * storm from one client cannot take the node down: 429 with Retry-After.
 *
 * <p>The address is {@code getRemoteAddr()}: the peer's, or, when the peer is a trusted proxy
 * ({@code feedline.http.trusted-proxies}, Liberty's {@code <remoteIp>} in server.xml), the client
 * it names in X-Forwarded-For or Forwarded. Behind the ingress every peer is an ingress pod, so
 * without that all of its clients would share one budget.
 */
@WebFilter(
    urlPatterns = {"/api/v1/stream", "/api/v1/stream/sse"},
    asyncSupported = true)
public class StreamAdmissionFilter extends HttpFilter {
  private static final Logger LOG = Logger.getLogger(StreamAdmissionFilter.class.getName());

  @Inject StreamSettings settings;

  private transient int perMinute;
  private transient RateLimiter limiter;

  @Override
  public void init() {
    perMinute = settings.connectsPerMinutePerAddress();
    limiter = new RateLimiter(perMinute, settings.maxTrackedKeys());
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String address = request.getRemoteAddr();
    RateLimiter.Verdict verdict = limiter.attempt(address);
    if (!verdict.allowed()) {
      if (verdict.firstRefusal()) {
        LOG.info(
            () ->
                "Stream connects from "
                    + address
                    + " over "
                    + perMinute
                    + " per minute: refused for "
                    + verdict.retryAfterSeconds()
                    + " s");
      }
      response.setStatus(429);
      response.setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
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
