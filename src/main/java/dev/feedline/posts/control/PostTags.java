package dev.feedline.posts.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** A post's rows in post_tags, which make each tag feed an index range; and its explicit tags. */
final class PostTags {
  private PostTags() {}

  /** The tags given in {@code tags} when the post was made, which an edit keeps. */
  static List<String> explicit(Connection c, long id) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("select explicit_tags from posts where id = ?")) {
      select.setLong(1, id);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return PostRows.split(rs.getString(1));
      }
    }
  }

  static void insert(Connection c, long id, List<String> tags) throws SQLException {
    if (tags.isEmpty()) {
      return;
    }
    // An edit re-inserts the tags: they keep the post's creation event.
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into post_tags (post_id, tag, created_event)"
                + " select id, ?, created_event from posts where id = ?")) {
      for (String tag : tags) {
        insert.setString(1, tag);
        insert.setLong(2, id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Replaces the post's tags with {@code tags}, as an edit does. */
  static void replace(Connection c, long id, List<String> tags) throws SQLException {
    try (PreparedStatement clear = c.prepareStatement("delete from post_tags where post_id = ?")) {
      clear.setLong(1, id);
      clear.executeUpdate();
    }
    insert(c, id, tags);
  }
}
