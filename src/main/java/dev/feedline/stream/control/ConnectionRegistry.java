package dev.feedline.stream.control;

import dev.feedline.metrics.control.FeedlineMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Tag;

/**
 * This node's open connections by id, and the limits on them: connections per node and per user.
 * Safe from any thread: the endpoints admit and forget connections on their own threads.
 */
final class ConnectionRegistry {
  private final StreamSettings settings;
  private final ConcurrentHashMap<String, Connection> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();
  private final AtomicInteger admitted = new AtomicInteger();

  ConnectionRegistry(StreamSettings settings) {
    this.settings = settings;
  }

  /** Admits {@code c}, or answers false when a node or per-user limit is reached. */
  boolean admit(Connection c) {
    if (admitted.incrementAndGet() > settings.maxConnections()) {
      admitted.decrementAndGet();
      return false;
    }
    String user = c.user();
    if (user != null) {
      boolean[] fits = {false};
      // Check and count in one step, so concurrent connects and disconnects cannot slip past.
      perUser.compute(
          user,
          (u, count) -> {
            int now = count == null ? 0 : count;
            fits[0] = now < settings.maxConnectionsPerUser();
            return fits[0] ? now + 1 : count;
          });
      if (!fits[0]) {
        admitted.decrementAndGet();
        return false;
      }
    }
    byId.put(c.id(), c);
    return true;
  }

  /** Forgets the connection {@code id}; answers it, or null if it was not open. */
  Connection remove(String id) {
    Connection c = byId.remove(id);
    if (c == null) {
      return null;
    }
    admitted.decrementAndGet();
    if (c.user() != null) {
      perUser.computeIfPresent(c.user(), (u, count) -> count <= 1 ? null : count - 1);
    }
    return c;
  }

  Connection get(String id) {
    return byId.get(id);
  }

  boolean isOpen(Connection c) {
    return byId.get(c.id()) == c;
  }

  int size() {
    return byId.size();
  }

  /** Open connections of one transport ("websocket", "sse"). */
  long count(String transport) {
    return byId.values().stream().filter(c -> c.transport().kind().equals(transport)).count();
  }

  /** Publishes the open connections by transport. */
  void registerGauges(FeedlineMetrics metrics) {
    for (String transport : List.of("websocket", "sse")) {
      metrics.gauge(
          "feedline.connections", () -> count(transport), new Tag("transport", transport));
    }
  }

  /** A copy of the open connections. */
  List<Connection> all() {
    return new ArrayList<>(byId.values());
  }
}
