package dev.feedline.markers.control;

import dev.feedline.feeds.entity.Feed;
import dev.feedline.store.control.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Counts a feed's posts created after a position, up to a cap, from index ranges on {@code
 * created_event}: never by reading the feed, and never more rows than the cap.
 */
final class UnreadCount {
  /** A count; {@code capped} when there were more posts than the cap. */
  record Unread(long count, boolean capped) {}

  // Each range is read in index order, so a count stops after the cap whatever the planner
  // thinks of how many rows match (a marker far behind matches most of a table).
  private static final String OWN =
      "select p.id from posts p where p.author = ? and p.created_event > ?";

  // On PostgreSQL a home count reads each followed author's index range in turn, at most the cap
  // from each and from all: a join would be free to hash the follows and scan every post.
  private static final String HOME_LATERAL =
      "select x.id from follows f cross join lateral (select p.id from posts p"
          + " where p.author = f.followee and p.created_event > ?"
          + " order by p.created_event fetch first ? rows only) x where f.follower = ?"
          + " union all ("
          + OWN
          + " order by p.created_event fetch first ? rows only)";

  // H2 has no LATERAL; its planner reads the follows and then each author's range.
  private static final String HOME =
      "select p.id from posts p join follows f on f.followee = p.author"
          + " where f.follower = ? and p.created_event > ? union all "
          + OWN;

  // A home marker near the head: all posts after it are few, so they are read and matched to the
  // follows at once (one range) instead of probing every followed author's range.
  private static final String HOME_RECENT =
      "select count(*), coalesce(sum(case when p.author = ? or p.author in"
          + " (select f.followee from follows f where f.follower = ?) then 1 else 0 end), 0)"
          + " from (select p.author from posts p where p.created_event > ?"
          + " order by p.created_event fetch first ? rows only) p";

  private UnreadCount() {}

  static Unread count(Connection c, Feed feed, String owner, long position, int cap)
      throws SQLException {
    if (feed.kind() == Feed.Kind.HOME) {
      Unread recent = recentHome(c, owner, position, cap);
      if (recent != null) {
        return recent;
      }
    }
    String rows;
    List<Object> params;
    switch (feed.kind()) {
      case PUBLIC -> {
        rows = "select id from posts where created_event > ? order by created_event";
        params = List.of(position);
      }
      case USER -> {
        rows = OWN + " order by p.created_event";
        params = List.of(feed.key(), position);
      }
      case TAG -> {
        rows =
            "select post_id from post_tags where tag = ? and created_event > ?"
                + " order by created_event";
        params = List.of(feed.key(), position);
      }
      case HOME -> {
        if (Database.isPostgres(c)) {
          rows = HOME_LATERAL;
          params = List.of(position, cap + 1, owner, owner, position, cap + 1);
        } else {
          rows = HOME;
          params = List.of(owner, position, owner, position);
        }
      }
      case NOTIFICATIONS -> {
        // A deleted notification's row is gone, so only those that still exist are counted. The
        // order is the index's: PostgreSQL then reads it alone (an index-only range), where
        // without it a person holding much of the table got a sequential scan.
        rows =
            "select created_event from notifications where recipient = ? and created_event > ?"
                + " order by created_event";
        params = List.of(owner, position);
      }
      default -> throw new IllegalArgumentException("No unread posts in " + feed.name());
    }
    // One row past the cap tells "exactly the cap" from "more than the cap".
    String sql = "select count(*) from (" + rows + " fetch first ? rows only) u";
    try (PreparedStatement select = c.prepareStatement(sql)) {
      int i = 1;
      for (Object param : params) {
        select.setObject(i++, param);
      }
      select.setInt(i, cap + 1);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        long count = rs.getLong(1);
        return count > cap ? new Unread(cap, true) : new Unread(count, false);
      }
    }
  }

  /** The home count from all posts after the position, or null when there are more than 2 caps. */
  private static Unread recentHome(Connection c, String owner, long position, int cap)
      throws SQLException {
    int window = 2 * cap;
    try (PreparedStatement select = c.prepareStatement(HOME_RECENT)) {
      select.setString(1, owner);
      select.setString(2, owner);
      select.setLong(3, position);
      select.setInt(4, window + 1);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        if (rs.getLong(1) > window) {
          return null;
        }
        long count = rs.getLong(2);
        return count > cap ? new Unread(cap, true) : new Unread(count, false);
      }
    }
  }
}
