package dev.feedline.stream.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The stream's bounds and timings (feedline.stream.*, and the connect limit's feedline.limits.*);
 * defaults and meanings in the README.
 */
@ApplicationScoped
public class StreamSettings {
  @Inject
  @ConfigProperty(name = "feedline.stream.queue-max-bytes")
  long queueMaxBytes;

  @Inject
  @ConfigProperty(name = "feedline.stream.max-frame-bytes")
  int maxFrameBytes;

  @Inject
  @ConfigProperty(name = "feedline.stream.max-subscriptions")
  int maxSubscriptions;

  @Inject
  @ConfigProperty(name = "feedline.stream.max-connections")
  int maxConnections;

  @Inject
  @ConfigProperty(name = "feedline.stream.max-connections-per-user")
  int maxConnectionsPerUser;

  @Inject
  @ConfigProperty(name = "feedline.stream.max-bad-frames")
  int maxBadFrames;

  @Inject
  @ConfigProperty(name = "feedline.stream.ping-interval-seconds")
  int pingIntervalSeconds;

  @Inject
  @ConfigProperty(name = "feedline.stream.pong-timeout-seconds")
  int pongTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "feedline.stream.drain-seconds")
  int drainSeconds;

  @Inject
  @ConfigProperty(name = "feedline.stream.replay-max-events")
  int replayMaxEvents;

  @Inject
  @ConfigProperty(name = "feedline.stream.history-max-events")
  long historyMaxEvents;

  @Inject
  @ConfigProperty(name = "feedline.stream.hold-max-events")
  int holdMaxEvents;

  @Inject
  @ConfigProperty(name = "feedline.stream.gap-fill-delay-ms")
  long gapFillDelayMs;

  @Inject
  @ConfigProperty(name = "feedline.stream.poll-interval-ms")
  long pollIntervalMs;

  @Inject
  @ConfigProperty(name = "feedline.stream.prune-interval-seconds")
  long pruneIntervalSeconds;

  @Inject
  @ConfigProperty(name = "feedline.stream.prune-batch-events")
  int pruneBatchEvents;

  @Inject
  @ConfigProperty(name = "feedline.stream.writer-threads")
  int writerThreads;

  @Inject
  @ConfigProperty(name = "feedline.stream.closer-threads")
  int closerThreads;

  @Inject
  @ConfigProperty(name = "feedline.stream.resume-window-ms")
  long resumeWindowMs;

  @Inject
  @ConfigProperty(name = "feedline.stream.send-timeout-ms")
  long sendTimeoutMs;

  @Inject
  @ConfigProperty(name = "feedline.stream.stuck-call-limit-seconds")
  long stuckCallLimitSeconds;

  @Inject
  @ConfigProperty(name = "feedline.stream.pinger-threads")
  int pingerThreads;

  @Inject
  @ConfigProperty(name = "feedline.stream.sse-retry-ms")
  long sseRetryMs;

  @Inject
  @ConfigProperty(name = "feedline.limits.stream-connects-per-minute-per-address")
  int connectsPerMinutePerAddress;

  @Inject
  @ConfigProperty(name = "feedline.limits.max-tracked-keys")
  long maxTrackedKeys;

  /** The SSE {@code retry:} hint: how long an EventSource waits before it reconnects. */
  public long sseRetryMs() {
    return sseRetryMs;
  }

  /**
   * Streams (WebSocket or SSE) one client address may open per minute, so one client's reconnect
   * storm cannot take the node down.
   */
  public int connectsPerMinutePerAddress() {
    return connectsPerMinutePerAddress;
  }

  /**
   * Client addresses the connect limit counts at once, so its memory stays bounded; the {@link
   * dev.feedline.ratelimit.RateLimiter} refuses fewer than one.
   */
  public long maxTrackedKeys() {
    return maxTrackedKeys;
  }

  /** Threads that send WebSocket pings (Liberty writes them blocking). */
  public int pingerThreads() {
    return pingerThreads;
  }

  /** How long a send may wait on a peer that does not read before it is closed with 4008. */
  public long sendTimeoutMs() {
    return sendTimeoutMs;
  }

  /** How long a thread may be inside one send, ping or close before the node reports not ready. */
  public long stuckCallLimitSeconds() {
    return stuckCallLimitSeconds;
  }

  public long resumeWindowMs() {
    return resumeWindowMs;
  }

  public long queueMaxBytes() {
    return queueMaxBytes;
  }

  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  public int maxSubscriptions() {
    return maxSubscriptions;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public int maxConnectionsPerUser() {
    return maxConnectionsPerUser;
  }

  public int maxBadFrames() {
    return maxBadFrames;
  }

  public int pingIntervalSeconds() {
    return pingIntervalSeconds;
  }

  public int pongTimeoutSeconds() {
    return pongTimeoutSeconds;
  }

  public int drainSeconds() {
    return drainSeconds;
  }

  public int replayMaxEvents() {
    return replayMaxEvents;
  }

  public long historyMaxEvents() {
    return historyMaxEvents;
  }

  public int holdMaxEvents() {
    return holdMaxEvents;
  }

  public long gapFillDelayMs() {
    return gapFillDelayMs;
  }

  public long pollIntervalMs() {
    return pollIntervalMs;
  }

  public long pruneIntervalSeconds() {
    return pruneIntervalSeconds;
  }

  public int pruneBatchEvents() {
    return pruneBatchEvents;
  }

  public int writerThreads() {
    return writerThreads;
  }

  public int closerThreads() {
    return closerThreads;
  }
}
