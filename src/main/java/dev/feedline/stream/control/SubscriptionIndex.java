package dev.feedline.stream.control;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.metrics.control.FeedlineMetrics;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Which live connections an event may reach: an index from routing key ({@code public}, {@code
 * user:x}, {@code tag:y}, {@code home:author}, {@code markers:owner}, {@code notifications:owner})
 * to connections, where a home is listed under its owner and every user the owner follows. Also
 * counts subscriptions by feed kind for the metrics. Owned by the dispatcher loop; only the counts
 * are read elsewhere.
 */
final class SubscriptionIndex {
  private static final String MARKERS = "markers:";
  private static final String NOTIFICATIONS = "notifications:";
  private final Map<String, Set<Connection>> byKey = new HashMap<>();
  private final Map<String, Set<Connection>> homesByUser = new HashMap<>();
  private final Map<Connection, Set<String>> routed = new HashMap<>();
  private final Map<Connection, Set<Feed>> counted = new HashMap<>();
  private final Map<Feed.Kind, AtomicLong> subscriptions = new EnumMap<>(Feed.Kind.class);

  SubscriptionIndex() {
    for (Feed.Kind kind : Feed.Kind.values()) {
      subscriptions.put(kind, new AtomicLong());
    }
  }

  /**
   * Records {@code c}'s current feeds; routes events to it when {@code live}, else (while it
   * recovers) keeps it out of the routes so the fan-out never sees it.
   */
  void update(Connection c, boolean live) {
    count(counted.put(c, Set.copyOf(c.feeds())), -1);
    count(c.feeds(), 1);
    unroute(c);
    if (live) {
      route(c);
    }
  }

  /** Forgets a connection that closed. */
  void remove(Connection c) {
    count(counted.remove(c), -1);
    unroute(c);
  }

  /** Calls {@code visit} for each live connection that may want {@code event}, maybe repeatedly. */
  void forEachCandidate(Event event, Consumer<Connection> visit) {
    if (event.type() == EventType.MARKER_UPDATED) {
      visitAll(byKey.get(MARKERS + event.actor()), visit);
      return;
    }
    if (event.type().notification()) {
      visitAll(byKey.get(NOTIFICATIONS + event.actor()), visit);
      return;
    }
    visitAll(byKey.get(Feed.PUBLIC.name()), visit);
    visitAll(byKey.get("user:" + event.actor()), visit);
    for (String tag : event.tags()) {
      visitAll(byKey.get("tag:" + tag), visit);
    }
    visitAll(byKey.get("home:" + event.actor()), visit);
  }

  /** The live connections reading {@code user}'s own home. */
  Set<Connection> homesOf(String user) {
    return homesByUser.getOrDefault(user, Set.of());
  }

  /** Open subscriptions to feeds of one kind; readable from any thread. */
  long subscriptions(Feed.Kind kind) {
    return subscriptions.get(kind).get();
  }

  /** Publishes the open subscriptions by feed kind. */
  void registerGauges(FeedlineMetrics metrics) {
    for (Feed.Kind kind : Feed.Kind.values()) {
      String name = kind.name().toLowerCase(Locale.ROOT);
      metrics.gauge("feedline.subscriptions", () -> subscriptions(kind), new Tag("kind", name));
    }
  }

  private static void visitAll(Set<Connection> connections, Consumer<Connection> visit) {
    if (connections != null) {
      connections.forEach(visit);
    }
  }

  private void route(Connection c) {
    Set<String> keys = new HashSet<>();
    for (Feed feed : c.feeds()) {
      if (feed.kind() == Feed.Kind.HOME) {
        keys.add("home:" + c.user());
        c.following().forEach(followee -> keys.add("home:" + followee));
        homesByUser.computeIfAbsent(c.user(), u -> new HashSet<>()).add(c);
      } else if (feed.kind() == Feed.Kind.MARKERS) {
        keys.add(MARKERS + c.user());
      } else if (feed.kind() == Feed.Kind.NOTIFICATIONS) {
        keys.add(NOTIFICATIONS + c.user());
      } else {
        keys.add(feed.name());
      }
    }
    for (String key : keys) {
      byKey.computeIfAbsent(key, k -> new HashSet<>()).add(c);
    }
    routed.put(c, keys);
  }

  private void unroute(Connection c) {
    Set<String> keys = routed.remove(c);
    if (keys != null) {
      for (String key : keys) {
        removeFrom(byKey, key, c);
      }
    }
    if (c.user() != null) {
      removeFrom(homesByUser, c.user(), c);
    }
  }

  private static void removeFrom(Map<String, Set<Connection>> map, String key, Connection c) {
    Set<Connection> set = map.get(key);
    if (set != null && set.remove(c) && set.isEmpty()) {
      map.remove(key);
    }
  }

  private void count(Set<Feed> feeds, int delta) {
    if (feeds != null) {
      for (Feed feed : feeds) {
        subscriptions.get(feed.kind()).addAndGet(delta);
      }
    }
  }
}
