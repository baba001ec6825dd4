package dev.feedline.stream.control;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.Event;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.store.control.Database;
import dev.feedline.stream.entity.EventFrames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out what a connection missed: the stored events after each requested {@code since} up to
 * the point {@code upTo} where the Hub started holding live events back for it, for the feeds it
 * asks for, as its home's follow set stood at each event. Runs off the Hub's thread; the Hub then
 * sends the result, the held-back events after {@code upTo}, and goes live: no gap, no repeat.
 */
public final class Recovery {
  /** A subscribe request: a feed, and the id after which to replay (null: live only). */
  public record Request(Feed feed, Long since, jakarta.json.JsonValue ref) {}

  /** What the Hub knew when it began holding back: see {@link Recovery}. */
  record Plan(long upTo, long lastSent, String user, Set<Feed> liveFeeds, List<Request> requests) {}

  /**
   * The outcome: frames to send in order, feeds that must be told {@code reset}, the home follow
   * set as of {@code upTo}, and the id of the last frame.
   */
  record Result(
      Plan plan,
      List<String> frames,
      long lastFrameId,
      Set<Feed> resets,
      Set<String> followingAtUpTo,
      long cursor) {}

  private final Database database;
  private final int maxReplay;

  public Recovery(Database database, int maxReplay) {
    this.database = database;
    this.maxReplay = maxReplay;
  }

  Result recover(Plan plan) {
    return database.inSnapshot(
        c -> {
          long newest = EventLog.lastId(c);
          long firstRetained = EventLog.firstRetainedId(c);
          Set<Feed> resets = new LinkedHashSet<>();
          Map<Feed, Long> from = new HashMap<>();
          long walkFrom = plan.upTo();
          // A since this node has not dispatched yet (a page read from the store) still marks
          // what the client has: nothing up to it may be sent again.
          long cursor = plan.lastSent();
          for (Request request : plan.requests()) {
            long since = request.since() == null ? plan.upTo() : request.since();
            boolean retained = firstRetained == 0 ? since >= newest : since >= firstRetained - 1;
            if (since > newest || !retained) {
              resets.add(request.feed());
              since = plan.upTo();
            }
            cursor = Math.max(cursor, since);
            since = Math.min(since, plan.upTo());
            from.put(request.feed(), since);
            walkFrom = Math.min(walkFrom, since);
          }
          List<Event> history = List.of();
          if (walkFrom < plan.upTo()) {
            history = EventLog.readAfter(c, walkFrom, maxReplay + 1);
            history.removeIf(e -> e.id() > plan.upTo());
            if (history.size() > maxReplay) {
              for (Request request : plan.requests()) {
                if (from.get(request.feed()) < plan.upTo()) {
                  resets.add(request.feed());
                  from.put(request.feed(), plan.upTo());
                }
              }
              history = List.of();
            }
          }
          Set<String> following = new HashSet<>();
          List<Event> changes = List.of();
          if (plan.user() != null) {
            following.addAll(FollowStore.following(c, plan.user()));
            long earliest = Math.min(walkFrom, plan.upTo());
            changes = EventLog.followChangesAfter(c, plan.user(), earliest);
            for (int i = changes.size() - 1; i >= 0; i--) {
              undo(changes.get(i), following);
            }
          }
          return walk(plan, history, changes, following, from, resets, cursor);
        });
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
        Connection.applyFollow(changes.get(change++), following, plan.user());
      }
      Set<Feed> open = new LinkedHashSet<>();
      for (Feed feed : feeds) {
        Long start = from.get(feed);
        if (start != null && start < event.id()) {
          open.add(feed);
        }
      }
      List<String> names = Connection.matching(event, open, following, plan.user());
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
      Connection.applyFollow(changes.get(change++), following, plan.user());
    }
    return new Result(plan, frames, lastFrameId, resets, following, Math.max(cursor, lastFrameId));
  }

  private static void undo(Event change, Set<String> following) {
    switch (change.type()) {
      case FOLLOW_CREATED -> following.remove(change.subject());
      case FOLLOW_DELETED -> following.add(change.subject());
      default -> {}
    }
  }
}
