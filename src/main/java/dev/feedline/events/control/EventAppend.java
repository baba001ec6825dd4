package dev.feedline.events.control;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.store.control.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The writes of an append: the counter, the event and the stamps, in as few round trips as may be.
 */
final class EventAppend {
  private static final String COLUMNS =
      "(id, type, post_id, actor, subject, tags, data, created_at)";

  private EventAppend() {}

  static Event append(
      Connection connection,
      boolean commit,
      EventType type,
      Long postId,
      String actor,
      String subject,
      List<String> tags,
      String data,
      EventLog.Stamp... stamps)
      throws SQLException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long id =
        Database.isPostgres(connection)
            ? appendInOneStatement(
                connection, commit, type, postId, actor, subject, tags, data, now, stamps)
            : appendStepByStep(
                connection, commit, type, postId, actor, subject, tags, data, now, stamps);
    return new Event(id, type, postId, actor, subject, tags, data, now);
  }

  private static long appendInOneStatement(
      Connection connection,
      boolean commit,
      EventType type,
      Long postId,
      String actor,
      String subject,
      List<String> tags,
      String data,
      Instant now,
      EventLog.Stamp... stamps)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "with c as (update event_counter set last_id = last_id + 1 where id = 1"
                + " returning last_id), e as (insert into events "
                + COLUMNS
                + " select last_id, ?, ?, ?, ?, ?, ?, ? from c)");
    for (int i = 0; i < stamps.length; i++) {
      sql.append(", s").append(i).append(" as (");
      sql.append(stamps[i].update("(select last_id from c)")).append(')');
    }
    sql.append(" select last_id from c");
    if (commit) {
      // The driver sends both in one round trip, and finds the transaction ended afterwards (so
      // the caller's commit does nothing); a failure of either throws here and rolls back.
      sql.append("; commit");
    }
    try (PreparedStatement append = connection.prepareStatement(sql.toString())) {
      int next = setEvent(append, 1, type, postId, actor, subject, tags, data, now);
      for (EventLog.Stamp stamp : stamps) {
        append.setLong(next++, stamp.key());
      }
      append.execute();
      try (ResultSet rs = append.getResultSet()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long appendStepByStep(
      Connection connection,
      boolean commit,
      EventType type,
      Long postId,
      String actor,
      String subject,
      List<String> tags,
      String data,
      Instant now,
      EventLog.Stamp... stamps)
      throws SQLException {
    try (PreparedStatement bump =
        connection.prepareStatement(
            "update event_counter set last_id = last_id + 1 where id = 1")) {
      bump.executeUpdate();
    }
    long id = EventLog.lastId(connection);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into events " + COLUMNS + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, id);
      setEvent(insert, 2, type, postId, actor, subject, tags, data, now);
      insert.executeUpdate();
    }
    for (EventLog.Stamp stamp : stamps) {
      try (PreparedStatement update = connection.prepareStatement(stamp.update("?"))) {
        update.setLong(1, id);
        update.setLong(2, stamp.key());
        update.executeUpdate();
      }
    }
    if (commit) {
      connection.commit();
    }
    return id;
  }

  /** Sets the event's columns after its id from {@code first}; answers the next parameter. */
  private static int setEvent(
      PreparedStatement statement,
      int first,
      EventType type,
      Long postId,
      String actor,
      String subject,
      List<String> tags,
      String data,
      Instant now)
      throws SQLException {
    int i = first;
    statement.setString(i++, type.wireName());
    if (postId == null) {
      statement.setNull(i++, java.sql.Types.BIGINT);
    } else {
      statement.setLong(i++, postId);
    }
    statement.setString(i++, actor);
    statement.setString(i++, subject);
    statement.setString(i++, String.join(" ", tags));
    statement.setString(i++, data);
    statement.setObject(i++, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    return i;
  }
}
