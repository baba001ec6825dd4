package dev.feedline.events.control;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Appends events inside the caller's transaction and reads them back in id order.
 *
 * <p>The id comes from a single counter row that is updated as the transaction's last write: its
 * row lock is held until commit, so a transaction that commits later always gets a larger id, and a
 * reader that has seen id N will never later find an id below N appear.
 */
public final class EventLog {
  private EventLog() {}

  /**
   * A column of one row that must hold the appended event's id, set with the append: {@code update
   * table set column = <event id> where keyColumn = key}.
   */
  public record Stamp(String table, String column, String keyColumn, long key) {
    String update(String eventId) {
      return "update " + table + " set " + column + " = " + eventId + " where " + keyColumn
          + " = ?";
    }
  }

  /**
   * An event still to be appended: its fields, and the columns that must hold its id ({@code
   * stamps}). Its id comes from the append.
   */
  public record Pending(
      EventType type,
      Long postId,
      String actor,
      String subject,
      List<String> tags,
      String data,
      List<Stamp> stamps) {
    public Pending {
      tags = List.copyOf(tags);
      stamps = List.copyOf(stamps);
    }

    public Pending(
        EventType type,
        Long postId,
        String actor,
        String subject,
        List<String> tags,
        String data,
        Stamp... stamps) {
      this(type, postId, actor, subject, tags, data, Arrays.asList(stamps));
    }
  }

  /**
   * Appends an event as part of {@code connection}'s open transaction, and writes its id where the
   * {@code stamps} say; call it last. The counter row's lock is held from here to the commit, so on
   * PostgreSQL the counter, the event and the stamps are one statement: one round trip, not one per
   * write, while every other transaction that appends waits.
   */
  public static Event append(
      Connection connection,
      EventType type,
      Long postId,
      String actor,
      String subject,
      List<String> tags,
      String data,
      Stamp... stamps)
      throws SQLException {
    Pending event = new Pending(type, postId, actor, subject, tags, data, stamps);
    return EventAppend.append(connection, false, List.of(event)).get(0);
  }

  /**
   * Appends {@code events} in this order, with consecutive ids, and commits {@code connection}'s
   * transaction in the same round trip (on PostgreSQL): the last thing a change does, so the
   * counter row is held for that one trip and the commit, whatever else the change wrote before.
   */
  public static List<Event> appendAndCommit(Connection connection, List<Pending> events)
      throws SQLException {
    return EventAppend.append(connection, true, events);
  }

  /** {@link #appendAndCommit(Connection, List)} of one event. */
  public static Event appendAndCommit(Connection connection, Pending event) throws SQLException {
    return appendAndCommit(connection, List.of(event)).get(0);
  }

  /** The id of the newest committed event visible to {@code connection}'s transaction. */
  public static long lastId(Connection connection) throws SQLException {
    try (PreparedStatement read =
            connection.prepareStatement("select last_id from event_counter where id = 1");
        ResultSet rs = read.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The oldest event id still retained, or 0 when the log is empty. */
  public static long firstRetainedId(Connection connection) throws SQLException {
    try (PreparedStatement read = connection.prepareStatement("select min(id) from events");
        ResultSet rs = read.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Up to {@code limit} events with ids above {@code afterId}, oldest first. */
  public static List<Event> readAfter(Connection connection, long afterId, int limit)
      throws SQLException {
    List<Event> events = new ArrayList<>();
    try (PreparedStatement read =
        connection.prepareStatement(
            "select id, type, post_id, actor, subject, tags, data, created_at from events"
                + " where id > ? order by id fetch first ? rows only")) {
      read.setLong(1, afterId);
      read.setInt(2, limit);
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          events.add(map(rs));
        }
      }
    }
    return events;
  }

  /** {@code user}'s follow changes with ids above {@code afterId}, oldest first. */
  public static List<Event> followChangesAfter(Connection connection, String user, long afterId)
      throws SQLException {
    List<Event> events = new ArrayList<>();
    try (PreparedStatement read =
        connection.prepareStatement(
            "select id, type, post_id, actor, subject, tags, data, created_at from events"
                + " where actor = ? and id > ? and type in ('follow.created', 'follow.deleted')"
                + " order by id")) {
      read.setString(1, user);
      read.setLong(2, afterId);
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          events.add(map(rs));
        }
      }
    }
    return events;
  }

  /** Deletes all but the newest {@code keep} events; answers how many went. */
  public static int prune(Connection connection, long keep) throws SQLException {
    return prune(connection, keep, Integer.MAX_VALUE);
  }

  /**
   * Deletes the oldest events beyond the newest {@code keep}, at most {@code max} of them (ids are
   * consecutive, so a range from the oldest bounds it); answers how many went.
   */
  public static int prune(Connection connection, long keep, int max) throws SQLException {
    long upTo = lastId(connection) - keep;
    long first = firstRetainedId(connection);
    if (first == 0 || upTo < first) {
      return 0;
    }
    try (PreparedStatement delete =
        connection.prepareStatement("delete from events where id <= ?")) {
      delete.setLong(1, Math.min(upTo, first - 1 + max));
      return delete.executeUpdate();
    }
  }

  private static Event map(ResultSet rs) throws SQLException {
    long postId = rs.getLong(3);
    Long post = rs.wasNull() ? null : postId;
    String tags = rs.getString(6);
    return new Event(
        rs.getLong(1),
        EventType.fromWireName(rs.getString(2)),
        post,
        rs.getString(4),
        rs.getString(5),
        tags.isEmpty() ? List.of() : Arrays.asList(tags.split(" ")),
        rs.getString(7),
        rs.getObject(8, OffsetDateTime.class).toInstant());
  }
}
