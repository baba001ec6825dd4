package dev.feedline.metrics.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Feedline's own metrics, in the application registry; {@link #NONE} counts nothing, for code run
 * without a server.
 */
@ApplicationScoped
public class FeedlineMetrics {
  public static final FeedlineMetrics NONE = new FeedlineMetrics(null);

  private MetricRegistry registry;
  private Counter deliveries;
  private Counter slowCloses;
  private Counter resumes;
  private Counter resets;
  private Timer latency;
  private Counter pings;

  FeedlineMetrics() {}

  @Inject
  public FeedlineMetrics(
      @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry) {
    this.registry = registry;
    if (registry != null) {
      deliveries = registry.counter("feedline.deliveries");
      slowCloses = registry.counter("feedline.slow.consumer.closes");
      resumes = registry.counter("feedline.resumes");
      resets = registry.counter("feedline.resets");
      latency = registry.timer("feedline.delivery.latency");
      pings = registry.counter("feedline.websocket.pings");
    }
  }

  /** An event committed through this node, by type. */
  public void published(String type) {
    if (registry != null) {
      registry.counter("feedline.events.published", new Tag("type", type)).inc();
    }
  }

  /** Counts a notification made, by its type (like, follow, mention, reply). */
  public void notificationMade(String type) {
    if (registry != null) {
      registry.counter("feedline.notifications.made", new Tag("type", type)).inc();
    }
  }

  /** A push handled, by outcome: sent, retried, expired, dropped, gone, refused. */
  public void pushed(String outcome) {
    if (registry != null) {
      registry.counter("feedline.push.messages", new Tag("outcome", outcome)).inc();
    }
  }

  /** A push subscription removed because its push service said it is gone (or it became unsafe). */
  public void pushSubscriptionRemoved() {
    if (registry != null) {
      registry.counter("feedline.push.subscriptions.removed").inc();
    }
  }

  public void delivered(long count) {
    if (registry != null && count > 0) {
      deliveries.inc(count);
    }
  }

  /** A WebSocket keep-alive ping handed to the pinger threads. */
  public void webSocketPing() {
    if (registry != null) {
      pings.inc();
    }
  }

  public void slowConsumerClosed() {
    if (registry != null) {
      slowCloses.inc();
    }
  }

  /** A connection ended, by transport and close code. */
  public void closed(String transport, int code) {
    if (registry != null) {
      registry
          .counter(
              "feedline.connections.closed",
              new Tag("transport", transport),
              new Tag("code", Integer.toString(code)))
          .inc();
    }
  }

  public void resumed() {
    if (registry != null) {
      resumes.inc();
    }
  }

  public void reset() {
    if (registry != null) {
      resets.inc();
    }
  }

  /** From commit to being queued for the first subscriber on this node. */
  public void latency(Duration elapsed) {
    if (registry != null && !elapsed.isNegative()) {
      latency.update(elapsed);
    }
  }

  /** A read-marker PUT, by whether it moved the marker or found it already at or past. */
  public void markerWritten(boolean moved) {
    if (registry != null) {
      registry
          .counter("feedline.marker.writes", new Tag("result", moved ? "moved" : "unchanged"))
          .inc();
    }
  }

  /** A REST answer, by status. */
  public void answered(int status) {
    if (registry != null) {
      registry.counter("feedline.http.requests", new Tag("status", Integer.toString(status))).inc();
    }
  }

  /** A value read when scraped, e.g. open connections by transport. */
  public void gauge(String name, Supplier<Number> value, Tag... tags) {
    if (registry != null) {
      registry.gauge(name, value, tags);
    }
  }
}
