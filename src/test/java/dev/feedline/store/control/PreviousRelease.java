package dev.feedline.store.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * Writes data as a release at schema version 2 did, in plain SQL: the current stores write columns
 * and tables that a database of that release does not have yet.
 */
public final class PreviousRelease {
  private PreviousRelease() {}

  /** A post with one tag and its post.created event, as version 2 stored it; answers its id. */
  public static long post(DataSource dataSource, String author, String text, String tag)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      long id;
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into posts (author, text, tags, explicit_tags, created_at, likes)"
                  + " values (?, ?, ?, '', ?, 0)",
              Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, author);
        insert.setString(2, text);
        insert.setString(3, tag);
        insert.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      long event = event(c, "post.created", id, author, null, tag);
      execute(c, "update posts set created_event = " + event + " where id = " + id);
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into post_tags (post_id, tag, created_event) values (?, ?, ?)")) {
        insert.setLong(1, id);
        insert.setString(2, tag);
        insert.setLong(3, event);
        insert.executeUpdate();
      }
      c.commit();
      return id;
    }
  }

  /** A follow and its follow.created event, as version 2 stored them. */
  public static void follow(DataSource dataSource, String follower, String followee)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into follows (follower, followee, created_at) values (?, ?, ?)")) {
        insert.setString(1, follower);
        insert.setString(2, followee);
        insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
        insert.executeUpdate();
      }
      event(c, "follow.created", null, follower, followee, "");
      c.commit();
    }
  }

  private static long event(
      Connection c, String type, Long postId, String actor, String subject, String tags)
      throws SQLException {
    execute(c, "update event_counter set last_id = last_id + 1 where id = 1");
    long id;
    try (Statement read = c.createStatement();
        ResultSet rs = read.executeQuery("select last_id from event_counter where id = 1")) {
      rs.next();
      id = rs.getLong(1);
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into events (id, type, post_id, actor, subject, tags, data, created_at)"
                + " values (?, ?, ?, ?, ?, ?, '{}', ?)")) {
      insert.setLong(1, id);
      insert.setString(2, type);
      insert.setObject(3, postId);
      insert.setString(4, actor);
      insert.setString(5, subject);
      insert.setString(6, tags);
      insert.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
      insert.executeUpdate();
    }
    return id;
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement statement = c.createStatement()) {
      statement.execute(sql);
    }
  }
}
