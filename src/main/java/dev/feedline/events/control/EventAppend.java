package dev.feedline.events.control;

import dev.feedline.events.entity.Event;
import dev.feedline.store.control.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of an append: the counter, the events and their stamps, in as few round trips as may
 * be. Several events of one change take consecutive ids from one bump of the counter.
 */
final class EventAppend {
  private static final String COLUMNS =
      "(id, type, post_id, actor, subject, tags, data, created_at)";

  private EventAppend() {}

  static List<Event> append(Connection connection, boolean commit, List<EventLog.Pending> events)
      throws SQLException {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("Nothing to append");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long last =
        Database.isPostgres(connection)
            ? appendInOneStatement(connection, commit, events, now)
            : appendStepByStep(connection, commit, events, now);
    List<Event> appended = new ArrayList<>(events.size());
    long id = last - events.size() + 1;
    for (EventLog.Pending e : events) {
      appended.add(
          new Event(id++, e.type(), e.postId(), e.actor(), e.subject(), e.tags(), e.data(), now));
    }
    return appended;
  }

  /**
   * One statement: the counter bumped by the number of events, each event inserted with its id
   * counted back from the new value, each stamp written; with the commit in the same round trip.
   */
  private static long appendInOneStatement(
      Connection connection, boolean commit, List<EventLog.Pending> events, Instant now)
      throws SQLException {
    int n = events.size();
    StringBuilder sql =
        new StringBuilder("with c as (update event_counter set last_id = last_id + ")
            .append(n)
            .append(" where id = 1 returning last_id)");
    for (int i = 0; i < n; i++) {
      sql.append(", e").append(i).append(" as (insert into events ").append(COLUMNS);
      sql.append(" select last_id - ").append(n - 1 - i).append(", ?, ?, ?, ?, ?, ?, ? from c)");
    }
    for (int i = 0; i < n; i++) {
      String eventId = "(select last_id - " + (n - 1 - i) + " from c)";
      List<EventLog.Stamp> stamps = events.get(i).stamps();
      for (int j = 0; j < stamps.size(); j++) {
        sql.append(", s").append(i).append('_').append(j).append(" as (");
        sql.append(stamps.get(j).update(eventId)).append(')');
      }
    }
    sql.append(" select last_id from c");
    if (commit) {
      // The driver sends both in one round trip, and finds the transaction ended afterwards (so
      // the caller's commit does nothing); a failure of either throws here and rolls back.
      sql.append("; commit");
    }
    try (PreparedStatement append = connection.prepareStatement(sql.toString())) {
      int next = 1;
      for (EventLog.Pending event : events) {
        next = setEvent(append, next, event, now);
      }
      for (EventLog.Pending event : events) {
        for (EventLog.Stamp stamp : event.stamps()) {
          append.setLong(next++, stamp.key());
        }
      }
      append.execute();
      try (ResultSet rs = append.getResultSet()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long appendStepByStep(
      Connection connection, boolean commit, List<EventLog.Pending> events, Instant now)
      throws SQLException {
    try (PreparedStatement bump =
        connection.prepareStatement(
            "update event_counter set last_id = last_id + ? where id = 1")) {
      bump.setInt(1, events.size());
      bump.executeUpdate();
    }
    long last = EventLog.lastId(connection);
    long id = last - events.size() + 1;
    for (EventLog.Pending event : events) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "insert into events " + COLUMNS + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setLong(1, id);
        setEvent(insert, 2, event, now);
        insert.executeUpdate();
      }
      for (EventLog.Stamp stamp : event.stamps()) {
        try (PreparedStatement update = connection.prepareStatement(stamp.update("?"))) {
          update.setLong(1, id);
          update.setLong(2, stamp.key());
          update.executeUpdate();
        }
      }
      id++;
    }
    if (commit) {
      connection.commit();
    }
    return last;
  }

  /** Sets the event's columns after its id from {@code first}; answers the next parameter. */
  private static int setEvent(
      PreparedStatement statement, int first, EventLog.Pending event, Instant now)
      throws SQLException {
    int i = first;
    statement.setString(i++, event.type().wireName());
    if (event.postId() == null) {
      statement.setNull(i++, java.sql.Types.BIGINT);
    } else {
      statement.setLong(i++, event.postId());
    }
    statement.setString(i++, event.actor());
    statement.setString(i++, event.subject());
    statement.setString(i++, String.join(" ", event.tags()));
    statement.setString(i++, event.data());
    statement.setObject(i++, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    return i;
  }
}
