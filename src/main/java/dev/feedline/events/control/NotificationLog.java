package dev.feedline.events.control;

import dev.feedline.events.entity.EventType;
import dev.feedline.events.entity.NotificationType;
import dev.feedline.json.Json;
import dev.feedline.push.control.PushOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes and undoes notifications inside the transaction of their cause, each with its event on the
 * recipient's {@code notifications} feed. The events carry the recipient as actor (so routing needs
 * no data parsing, on any node) and the notification type as subject. The rows are written here;
 * the events are answered pending, for the cause to append with its own in one last round trip
 * ({@link EventLog#appendAndCommit(Connection, List)}), so the event counter is never held while
 * notifications are written.
 *
 * <p>A notification is one row per cause (recipient, type, actor, post); the unique key decides
 * whether a cause is new, so two nodes making the same cause at once make one notification.
 */
public final class NotificationLog {
  /** The post of a follow notification: none. */
  public static final long NO_POST = 0;

  private record Gone(long id, String recipient, String type) {}

  private NotificationLog() {}

  /**
   * Notifies {@code recipient} that {@code actor} did {@code type}, about the post {@code postId}
   * whose JSON is {@code postJson} (null for a follow), and queues its pushes; answers its event,
   * to append. Empty when the actor is the recipient or the cause already stands.
   */
  public static Optional<EventLog.Pending> add(
      Connection c,
      String recipient,
      NotificationType type,
      String actor,
      long postId,
      String postJson)
      throws SQLException {
    if (recipient.equals(actor)) {
      return Optional.empty();
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Optional<Long> id = insertIfAbsent(c, recipient, type, actor, postId, now);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    String data = json(id.get(), type, actor, postJson, now);
    PushOutbox.enqueue(c, recipient, type.wireName(), id.get(), data, now);
    return Optional.of(
        new EventLog.Pending(
            EventType.NOTIFICATION_CREATED,
            null,
            recipient,
            type.wireName(),
            List.of(),
            data,
            new EventLog.Stamp("notifications", "created_event", "id", id.get())));
  }

  /** Undoes one cause, answering its event to append; empty when it made no notification. */
  public static Optional<EventLog.Pending> remove(
      Connection c, String recipient, NotificationType type, String actor, long postId)
      throws SQLException {
    List<EventLog.Pending> events =
        removeWhere(
            c,
            "recipient = ? and type = ? and actor = ? and post_id = ?",
            recipient,
            type.wireName(),
            actor,
            postId);
    return events.stream().findFirst();
  }

  /** Undoes every notification about a post that is being deleted; answers their events. */
  public static List<EventLog.Pending> removeForPost(Connection c, long postId)
      throws SQLException {
    return removeWhere(c, "post_id = ?", postId);
  }

  private static Optional<Long> insertIfAbsent(
      Connection c, String recipient, NotificationType type, String actor, long postId, Instant now)
      throws SQLException {
    // The key decides, not a read before the insert: a racing transaction's row is invisible to a
    // read but not to the unique index. The savepoint keeps the cause's transaction usable on
    // PostgreSQL after the refused insert.
    Savepoint savepoint = c.setSavepoint();
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into notifications (recipient, type, actor, post_id, created_at)"
                + " values (?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, recipient);
      insert.setString(2, type.wireName());
      insert.setString(3, actor);
      insert.setLong(4, postId);
      insert.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        long id = keys.getLong(1);
        c.releaseSavepoint(savepoint);
        return Optional.of(id);
      }
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) {
        throw e;
      }
      c.rollback(savepoint);
      return Optional.empty();
    }
  }

  private static List<EventLog.Pending> removeWhere(Connection c, String where, Object... params)
      throws SQLException {
    List<Gone> gone = new ArrayList<>();
    try (PreparedStatement select =
        c.prepareStatement(
            "select id, recipient, type from notifications where "
                + where
                + " order by id for update")) {
      for (int i = 0; i < params.length; i++) {
        select.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          gone.add(new Gone(rs.getLong(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    if (gone.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement delete = c.prepareStatement("delete from notifications where id = ?")) {
      for (Gone row : gone) {
        delete.setLong(1, row.id());
        delete.addBatch();
      }
      delete.executeBatch();
    }
    List<EventLog.Pending> events = new ArrayList<>(gone.size());
    for (Gone row : gone) {
      events.add(
          new EventLog.Pending(
              EventType.NOTIFICATION_DELETED,
              null,
              row.recipient(),
              row.type(),
              List.of(),
              "{\"id\":" + Json.write(Long.toString(row.id())) + "}"));
    }
    return events;
  }

  private static String json(
      long id, NotificationType type, String actor, String postJson, Instant createdAt) {
    return "{\"id\":"
        + Json.write(Long.toString(id))
        + ",\"type\":"
        + Json.write(type.wireName())
        + ",\"actor\":"
        + Json.write(actor)
        + ",\"post\":"
        + (postJson == null ? "null" : postJson)
        + ",\"createdAt\":"
        + Json.write(createdAt.toString())
        + "}";
  }
}
