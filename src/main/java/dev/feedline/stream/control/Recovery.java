package dev.feedline.stream.control;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.Event;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.store.control.Database;
import dev.feedline.stream.entity.EventFrames;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out what a connection missed: the stored events after each requested {@code since} up to
 * the point {@code upTo} where live events began to be held back for it, for the feeds it asks for,
 * as its home's follow set stood at each event. Runs off the dispatcher; the {@link
 * RecoveryCoordinator} then sends the result and the held-back events after {@code upTo}.
 */
public final class Recovery {
  /** A subscribe request: a feed, and the id after which to replay (null: live only). */
  public record Request(Feed feed, Long since, jakarta.json.JsonValue ref) {}

  /** What was known when live events began to be held back: see {@link Recovery}. */
  record Plan(long upTo, long lastSent, String user, Set<Feed> liveFeeds, List<Request> requests) {}

  /**
   * The outcome: frames to send in order, feeds that must be told {@code reset}, the home follow
   * set as of {@code upTo}, the cursor (the newest id the client has, sent or given), and the feeds
   * whose {@code since} lies beyond {@code upTo}, with it: their events up to it, which the client
   * has, must not be sent for them.
   */
  record Result(
      Plan plan,
      List<String> frames,
      long lastFrameId,
      Set<Feed> resets,
      Set<String> followingAtUpTo,
      long cursor,
      Map<Feed, Long> floors) {

    /**
     * A replay larger than {@code maxChars} would only end in 4008 and a resume that fails the same
     * way: such a client is told {@code reset} instead, and reloads the feed over REST.
     */
    Result fitTo(long maxChars) {
      long chars = 0;
      for (String frame : frames) {
        chars += frame.length();
      }
      if (chars <= maxChars) {
        return this;
      }
      Set<Feed> all = new LinkedHashSet<>(resets);
      for (Request request : plan.requests()) {
        if (request.since() != null) {
          all.add(request.feed());
        }
      }
      long to = Math.max(plan.lastSent(), plan.upTo());
      return new Result(plan, List.of(), plan.lastSent(), all, followingAtUpTo, to, Map.of());
    }
  }

  /** One consistent view of the event log and the follow graph, as a replay reads it. */
  interface History {
    long lastId() throws SQLException;

    /** The oldest retained event id, 0 for an empty log. */
    long firstRetainedId() throws SQLException;

    List<Event> readAfter(long afterId, int limit) throws SQLException;

    Set<String> following(String user) throws SQLException;

    List<Event> followChangesAfter(String user, long afterId) throws SQLException;
  }

  private final Database database;
  private final int maxReplay;

  public Recovery(Database database, int maxReplay) {
    this.database = database;
    this.maxReplay = maxReplay;
  }

  Result recover(Plan plan) {
    return database.inSnapshot(c -> replay(plan, stored(c), maxReplay));
  }

  /** The replay of {@code plan} over {@code history}. */
  static Result replay(Plan plan, History history, int maxReplay) throws SQLException {
    long newest = history.lastId();
    long firstRetained = history.firstRetainedId();
    Set<Feed> resets = new LinkedHashSet<>();
    Map<Feed, Long> from = new HashMap<>();
    Map<Feed, Long> floors = new HashMap<>();
    long walkFrom = plan.upTo();
    // A since this node has not dispatched yet (a page read from the store) still marks what the
    // client has: nothing up to it may be sent again.
    long cursor = plan.lastSent();
    for (Request request : plan.requests()) {
      long since = request.since() == null ? plan.upTo() : request.since();
      boolean retained = firstRetained == 0 ? since >= newest : since >= firstRetained - 1;
      if (since > newest || !retained) {
        resets.add(request.feed());
        since = plan.upTo();
      }
      cursor = Math.max(cursor, since);
      if (since > plan.upTo()) {
        floors.put(request.feed(), since);
      }
      since = Math.min(since, plan.upTo());
      from.put(request.feed(), since);
      walkFrom = Math.min(walkFrom, since);
    }
    List<Event> events = List.of();
    if (walkFrom < plan.upTo()) {
      events = new ArrayList<>(history.readAfter(walkFrom, maxReplay + 1));
      events.removeIf(e -> e.id() > plan.upTo());
      if (events.size() > maxReplay) {
        for (Request request : plan.requests()) {
          if (from.get(request.feed()) < plan.upTo()) {
            resets.add(request.feed());
            from.put(request.feed(), plan.upTo());
          }
        }
        events = List.of();
      }
    }
    Set<String> following = new HashSet<>();
    List<Event> changes = List.of();
    if (plan.user() != null) {
      following.addAll(history.following(plan.user()));
      changes = history.followChangesAfter(plan.user(), Math.min(walkFrom, plan.upTo()));
      for (int i = changes.size() - 1; i >= 0; i--) {
        FeedRouting.undoFollow(changes.get(i), following);
      }
    }
    Result walked = walk(plan, events, changes, following, from, resets, cursor);
    return new Result(
        plan,
        walked.frames(),
        walked.lastFrameId(),
        walked.resets(),
        walked.followingAtUpTo(),
        walked.cursor(),
        floors);
  }

  private static Result walk(
      Plan plan,
      List<Event> history,
      List<Event> changes,
      Set<String> following,
      Map<Feed, Long> from,
      Set<Feed> resets,
      long cursor) {
    Set<Feed> feeds = new LinkedHashSet<>(plan.liveFeeds());
    for (Request request : plan.requests()) {
      feeds.add(request.feed());
    }
    List<String> frames = new ArrayList<>();
    long lastFrameId = plan.lastSent();
    int change = 0;
    for (Event event : history) {
      while (change < changes.size() && changes.get(change).id() < event.id()) {
        FeedRouting.applyFollow(changes.get(change++), following, plan.user());
      }
      Set<Feed> open = new LinkedHashSet<>();
      for (Feed feed : feeds) {
        Long start = from.get(feed);
        if (start != null && start < event.id()) {
          open.add(feed);
        }
      }
      List<String> names = FeedRouting.matching(event, open, following, plan.user());
      if (names.isEmpty()) {
        continue;
      }
      if (event.id() <= plan.lastSent()) {
        // Already past this connection's cursor: it cannot be sent in order any more.
        for (String name : names) {
          resets.add(Feed.parse(name));
        }
        continue;
      }
      frames.add(new EventFrames(event).frame(names));
      lastFrameId = event.id();
    }
    while (change < changes.size() && changes.get(change).id() <= plan.upTo()) {
      FeedRouting.applyFollow(changes.get(change++), following, plan.user());
    }
    return new Result(
        plan, frames, lastFrameId, resets, following, Math.max(cursor, lastFrameId), Map.of());
  }

  /** The stored history, as one snapshot transaction sees it. */
  private static History stored(java.sql.Connection c) {
    return new History() {
      @Override
      public long lastId() throws SQLException {
        return EventLog.lastId(c);
      }

      @Override
      public long firstRetainedId() throws SQLException {
        return EventLog.firstRetainedId(c);
      }

      @Override
      public List<Event> readAfter(long afterId, int limit) throws SQLException {
        return EventLog.readAfter(c, afterId, limit);
      }

      @Override
      public Set<String> following(String user) throws SQLException {
        return FollowStore.following(c, user);
      }

      @Override
      public List<Event> followChangesAfter(String user, long afterId) throws SQLException {
        return EventLog.followChangesAfter(c, user, afterId);
      }
    };
  }
}
