package dev.feedline.push.control;

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
import java.util.Collections;
import java.util.List;

/**
 * The pushes not yet sent, in the store: written in the transaction of the notification they tell
 * of, taken by one node at a time, deleted once the push service answered for good.
 */
public final class PushOutbox {
  /**
   * A push a node took: its message, the subscription to send it to, and how often it was tried.
   */
  public record Taken(
      long id,
      String type,
      String notification,
      Instant createdAt,
      int attempts,
      long subscriptionId,
      String endpoint,
      String p256dh,
      String auth) {}

  /** Pushes waiting, and when the oldest was queued (null when none wait). */
  record Depth(long count, Instant oldest) {}

  private PushOutbox() {}

  /**
   * Queues a push of the notification {@code notificationId} (its JSON {@code notification}) to
   * each of {@code recipient}'s subscriptions that asks for {@code type}; inside the caller's
   * transaction, so the push exists exactly when the notification does.
   */
  public static void enqueue(
      Connection c,
      String recipient,
      String type,
      long notificationId,
      String notification,
      Instant now)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into push_outbox"
                + " (subscription_id, notification_id, type, payload, created_at, due_at)"
                + " select id, ?, ?, ?, ?, ? from push_subscriptions"
                + " where user_id = ? and types like ?")) {
      OffsetDateTime queued = at(now);
      insert.setLong(1, notificationId);
      insert.setString(2, type);
      insert.setString(3, notification);
      insert.setObject(4, queued);
      insert.setObject(5, queued);
      insert.setString(6, recipient);
      insert.setString(7, "% " + type + " %");
      insert.executeUpdate();
    }
  }

  /**
   * Takes up to {@code max} pushes due at {@code now} for this node until {@code leaseEnd}: until
   * then no other node takes them (on PostgreSQL, rows another node is taking are skipped, not
   * waited for); a node that dies holding them leaves them due again at the lease's end.
   */
  static List<Taken> take(Connection c, int max, Instant now, Instant leaseEnd)
      throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement select =
        c.prepareStatement(
            "select id from push_outbox where due_at <= ? order by due_at, id limit ? for update"
                + (Database.isPostgres(c) ? " skip locked" : ""))) {
      select.setObject(1, at(now));
      select.setInt(2, max);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement lease =
        c.prepareStatement(
            "update push_outbox set due_at = ?, attempts = attempts + 1 where id = ?")) {
      for (long id : ids) {
        lease.setObject(1, at(leaseEnd));
        lease.setLong(2, id);
        lease.addBatch();
      }
      lease.executeBatch();
    }
    List<Taken> taken = new ArrayList<>(ids.size());
    try (PreparedStatement select =
        c.prepareStatement(
            "select o.id, o.type, o.payload, o.created_at, o.attempts, s.id, s.endpoint,"
                + " s.p256dh, s.auth from push_outbox o"
                + " join push_subscriptions s on s.id = o.subscription_id where o.id in ("
                + String.join(", ", Collections.nCopies(ids.size(), "?"))
                + ") order by o.due_at, o.id")) {
      for (int i = 0; i < ids.size(); i++) {
        select.setLong(i + 1, ids.get(i));
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          taken.add(
              new Taken(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class).toInstant(),
                  rs.getInt(5),
                  rs.getLong(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9)));
        }
      }
    }
    return taken;
  }

  /** Forgets a push: sent, expired, or refused for good. */
  static void remove(Connection c, long id) throws SQLException {
    update(c, "delete from push_outbox where id = ?", id);
  }

  /** Makes a push due again at {@code at}. */
  static void retryAt(Connection c, long id, Instant at) throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement("update push_outbox set due_at = ? where id = ?")) {
      update.setObject(1, at(at));
      update.setLong(2, id);
      update.executeUpdate();
    }
  }

  /** Deletes a subscription the push service says is gone, and its pushes with it. */
  static void removeSubscription(Connection c, long subscriptionId) throws SQLException {
    update(c, "delete from push_subscriptions where id = ?", subscriptionId);
  }

  static Depth depth(Connection c) throws SQLException {
    try (PreparedStatement select =
            c.prepareStatement("select count(*), min(created_at) from push_outbox");
        ResultSet rs = select.executeQuery()) {
      rs.next();
      OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
      return new Depth(rs.getLong(1), oldest == null ? null : oldest.toInstant());
    }
  }

  /** A time as stored: in milliseconds, so a value read back compares equal to what was written. */
  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  private static void update(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement update = c.prepareStatement(sql)) {
      update.setLong(1, id);
      update.executeUpdate();
    }
  }
}
