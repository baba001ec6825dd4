package dev.feedline.stream.control;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.feeds.entity.Feed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which feeds an event belongs to, for a reader with a set of feeds and, behind its home, a follow
 * set; and how follow changes move that set. The same rules route live events ({@link Connection})
 * and replayed history ({@link Recovery}).
 */
final class FeedRouting {
  private FeedRouting() {}

  /**
   * The feeds of {@code feeds} that {@code event} belongs to, in their order; empty for none.
   * {@code user} is the reader (null: anonymous), {@code following} the users behind its home.
   */
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
    if (event.type() == EventType.MARKER_UPDATED || feed.kind() == Feed.Kind.MARKERS) {
      // A marker is its owner's alone, and the markers feed carries nothing else.
      return event.type() == EventType.MARKER_UPDATED
          && feed.kind() == Feed.Kind.MARKERS
          && event.actor().equals(user);
    }
    if (event.type().notification() || feed.kind() == Feed.Kind.NOTIFICATIONS) {
      // So is a notification (its actor is the recipient), on a feed that carries nothing else.
      return event.type().notification()
          && feed.kind() == Feed.Kind.NOTIFICATIONS
          && event.actor().equals(user);
    }
    return switch (feed.kind()) {
      case PUBLIC -> true;
      case USER -> feed.key().equals(event.actor());
      case TAG -> event.tags().contains(feed.key());
      case HOME -> event.actor().equals(user) || following.contains(event.actor());
      case MARKERS, NOTIFICATIONS -> false;
    };
  }

  /** Applies a follow change of {@code user} to its follow set; true if the set changed. */
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

  /** Takes back one of the user's own follow changes, walking its history backwards. */
  static void undoFollow(Event change, Set<String> following) {
    switch (change.type()) {
      case FOLLOW_CREATED -> following.remove(change.subject());
      case FOLLOW_DELETED -> following.add(change.subject());
      default -> {}
    }
  }
}
