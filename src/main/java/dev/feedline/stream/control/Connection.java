package dev.feedline.stream.control;

import dev.feedline.auth.entity.Caller;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.feeds.entity.Feed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One client connection as the Hub sees it: its feeds, the follow set behind its home, the last
 * event id it was sent, and while it recovers, the live events held back for it. All but {@link
 * #subscriber} belongs to the Hub's dispatcher thread.
 */
public final class Connection {
  private final String id;
  private final Caller caller;
  private final Subscriber subscriber;

  final Set<Feed> feeds = new LinkedHashSet<>();
  Set<String> following = new HashSet<>();
  long lastSent;
  boolean recovering;
  List<Event> held = new ArrayList<>();
  final List<Recovery.Request> pending = new ArrayList<>();
  final List<Recovery.Request> inFlight = new ArrayList<>();
  boolean inFlightCancelled;
  long dispatchMark;
  Set<String> indexedKeys = Set.of();
  Set<Feed> counted = Set.of();
  volatile long lastHeard = System.nanoTime();

  public Connection(String id, Caller caller, Subscriber subscriber) {
    this.id = id;
    this.caller = caller;
    this.subscriber = subscriber;
  }

  public String id() {
    return id;
  }

  /** The caller, or null for an anonymous reader of public feeds. */
  public Caller caller() {
    return caller;
  }

  public Subscriber subscriber() {
    return subscriber;
  }

  public Transport transport() {
    return subscriber.transport();
  }

  /** Notes that the client was heard from (a frame or a pong), for the keep-alive check. */
  public void heard() {
    lastHeard = System.nanoTime();
  }

  String user() {
    return caller == null ? null : caller.userId();
  }

  /** The subscribed feeds {@code event} belongs to, in subscription order; empty for none. */
  List<String> matching(Event event) {
    return matching(event, feeds, following, user());
  }

  static List<String> matching(Event event, Set<Feed> feeds, Set<String> following, String user) {
    if (!event.type().visible()) {
      return List.of();
    }
    List<String> names = null;
    for (Feed feed : feeds) {
      if (belongs(event, feed, following, user)) {
        if (names == null) {
          names = new ArrayList<>(feeds.size());
        }
        names.add(feed.name());
      }
    }
    return names == null ? List.of() : names;
  }

  static boolean belongs(Event event, Feed feed, Set<String> following, String user) {
    return switch (feed.kind()) {
      case PUBLIC -> true;
      case USER -> feed.key().equals(event.actor());
      case TAG -> event.tags().contains(feed.key());
      case HOME -> event.actor().equals(user) || following.contains(event.actor());
    };
  }

  /** Applies a follow change of this connection's user to its home; true if it changed. */
  static boolean applyFollow(Event event, Set<String> following, String user) {
    if (user == null || !user.equals(event.actor())) {
      return false;
    }
    if (event.type() == EventType.FOLLOW_CREATED) {
      return following.add(event.subject());
    }
    if (event.type() == EventType.FOLLOW_DELETED) {
      return following.remove(event.subject());
    }
    return false;
  }
}
