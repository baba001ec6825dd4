package dev.feedline.markers.control;

import dev.feedline.feeds.entity.Feed;
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

  private static final String HOME =
      "select p.id from posts p join follows f on f.followee = p.author"
          + " where f.follower = ? and p.created_event > ?"
          + " union all select p.id from posts p where p.author = ? and p.created_event > ?";

  private UnreadCount() {}

  static Unread count(Connection c, Feed feed, String owner, long position, int cap)
      throws SQLException {
    String rows;
    List<Object> params;
    switch (feed.kind()) {
      case PUBLIC -> {
        rows = "select id from posts where created_event > ?";
        params = List.of(position);
      }
      case USER -> {
        rows = "select id from posts where author = ? and created_event > ?";
        params = List.of(feed.key(), position);
      }
      case TAG -> {
        rows = "select post_id from post_tags where tag = ? and created_event > ?";
        params = List.of(feed.key(), position);
      }
      case HOME -> {
        rows = HOME;
        params = List.of(owner, position, owner, position);
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
}
