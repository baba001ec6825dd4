package dev.feedline.follows.control;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.control.NotificationLog;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.events.entity.NotificationType;
import dev.feedline.store.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Stores follows; a change appends a follow event in the same transaction. */
@ApplicationScoped
public class FollowStore {
  private Database database;

  FollowStore() {}

  @Inject
  public FollowStore(Database database) {
    this.database = database;
  }

  /**
   * {@code follower} follows {@code followee}: the follow event, then the followee's notification.
   * Empty when it already did (idempotent).
   */
  public List<Event> follow(String follower, String followee) {
    try {
      return insertFollow(follower, followee);
    } catch (IllegalStateException e) {
      if (Database.isUniqueViolation(e)) {
        return List.of(); // a concurrent request made the same follow
      }
      throw e;
    }
  }

  private List<Event> insertFollow(String follower, String followee) {
    return database.inTransaction(
        c -> {
          if (follows(c, follower, followee)) {
            return List.of();
          }
          try (PreparedStatement insert =
              c.prepareStatement(
                  "insert into follows (follower, followee, created_at) values (?, ?, ?)")) {
            insert.setString(1, follower);
            insert.setString(2, followee);
            insert.setObject(3, OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
            insert.executeUpdate();
          }
          return withNotification(
              c,
              new EventLog.Pending(
                  EventType.FOLLOW_CREATED, null, follower, followee, List.of(), "{}"),
              NotificationLog.add(
                  c, followee, NotificationType.FOLLOW, follower, NotificationLog.NO_POST, null));
        });
  }

  /**
   * {@code follower} stops following {@code followee}, which takes the notification back. Empty
   * when it did not follow (idempotent).
   */
  public List<Event> unfollow(String follower, String followee) {
    return database.inTransaction(
        c -> {
          int removed;
          try (PreparedStatement delete =
              c.prepareStatement("delete from follows where follower = ? and followee = ?")) {
            delete.setString(1, follower);
            delete.setString(2, followee);
            removed = delete.executeUpdate();
          }
          if (removed == 0) {
            return List.of();
          }
          return withNotification(
              c,
              new EventLog.Pending(
                  EventType.FOLLOW_DELETED, null, follower, followee, List.of(), "{}"),
              NotificationLog.remove(
                  c, followee, NotificationType.FOLLOW, follower, NotificationLog.NO_POST));
        });
  }

  /** Whom {@code user} follows, sorted. */
  public List<String> following(String user) {
    return database.inTransaction(
        c -> list(c, "select followee from follows where follower = ?", user));
  }

  /** Who follows {@code user}, sorted. */
  public List<String> followers(String user) {
    return database.inTransaction(
        c -> list(c, "select follower from follows where followee = ?", user));
  }

  /** Whom {@code user} follows, as seen by {@code c}'s transaction. */
  public static Set<String> following(Connection c, String user) throws SQLException {
    return new TreeSet<>(list(c, "select followee from follows where follower = ?", user));
  }

  /** Appends the follow's event and then its notification's, and commits. */
  private static List<Event> withNotification(
      Connection c, EventLog.Pending event, Optional<EventLog.Pending> notification)
      throws SQLException {
    List<EventLog.Pending> events = new ArrayList<>();
    events.add(event);
    notification.ifPresent(events::add);
    return EventLog.appendAndCommit(c, events);
  }

  private static boolean follows(Connection c, String follower, String followee)
      throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("select 1 from follows where follower = ? and followee = ?")) {
      select.setString(1, follower);
      select.setString(2, followee);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static List<String> list(Connection c, String sql, String user) throws SQLException {
    List<String> users = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement(sql + " order by 1")) {
      select.setString(1, user);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          users.add(rs.getString(1));
        }
      }
    }
    return users;
  }
}
