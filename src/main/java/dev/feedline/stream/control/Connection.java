package dev.feedline.stream.control;

import dev.feedline.auth.entity.Caller;
import dev.feedline.events.entity.Event;
import dev.feedline.feeds.entity.Feed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One client connection: who it is, its outbound {@link Subscriber}, and the live view the
 * dispatcher thread keeps of it (its feeds, the follow set behind its home, the last event id it
 * was sent). Recovery state is not here: the {@link RecoveryCoordinator} owns it.
 */
public final class Connection {
  private final String id;
  private final Caller caller;
  private final Subscriber subscriber;
  private volatile long lastHeard = System.nanoTime();

  // Owned by the dispatcher thread.
  private final Set<Feed> feeds = new LinkedHashSet<>();
  private Set<String> following = new HashSet<>();
  private long lastSent;
  private long dispatchMark;
  private Map<String, Long> floors;

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

  long lastHeard() {
    return lastHeard;
  }

  String user() {
    return caller == null ? null : caller.userId();
  }

  /** The feeds this connection receives live, in subscription order. */
  Set<Feed> feeds() {
    return feeds;
  }

  Set<String> following() {
    return following;
  }

  void following(Set<String> users) {
    following = new HashSet<>(users);
  }

  /** The id of the newest event sent: nothing at or below it may be sent again. */
  long lastSent() {
    return lastSent;
  }

  /** Queues an event frame; true (and the cursor moves) unless the subscriber is closed. */
  boolean send(long eventId, String frame) {
    if (eventId <= lastSent || !subscriber.offer(frame)) {
      return false;
    }
    lastSent = eventId;
    return true;
  }

  /** Moves the cursor past frames queued by the caller. */
  void sentUpTo(long eventId) {
    lastSent = Math.max(lastSent, eventId);
  }

  /** True the first time it is asked about {@code eventId}: one event reaches a connection once. */
  boolean firstVisit(long eventId) {
    if (dispatchMark == eventId) {
      return false;
    }
    dispatchMark = eventId;
    return true;
  }

  /**
   * Notes that the client already has {@code feed}'s events up to {@code since} (it read a page at
   * that position, ahead of this node): they are not sent for that feed, though they may be for
   * others.
   */
  void floor(Feed feed, long since) {
    if (floors == null) {
      floors = new HashMap<>();
    }
    floors.put(feed.name(), since);
  }

  void dropFloor(Feed feed) {
    if (floors != null) {
      floors.remove(feed.name());
    }
  }

  /**
   * The subscribed feeds {@code event} belongs to ({@link FeedRouting}), in subscription order,
   * less those whose floor it is not above; empty for none. Called with events in increasing id
   * order.
   */
  List<String> matching(Event event) {
    List<String> names = FeedRouting.matching(event, feeds, following, user());
    return floors == null || names.isEmpty() ? names : aboveFloors(event.id(), names);
  }

  private List<String> aboveFloors(long id, List<String> names) {
    List<String> kept = new ArrayList<>(names.size());
    for (String name : names) {
      Long floor = floors.get(name);
      if (floor == null || id > floor) {
        kept.add(name);
      }
    }
    // Ids only increase from here: a floor below this one can never hold anything back again.
    floors.values().removeIf(floor -> floor < id);
    if (floors.isEmpty()) {
      floors = null;
    }
    return kept;
  }

  /** Applies a follow change of this connection's user to its home; true if it changed. */
  boolean applyFollow(Event event) {
    return FeedRouting.applyFollow(event, following, user());
  }
}
