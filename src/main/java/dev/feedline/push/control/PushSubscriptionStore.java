package dev.feedline.push.control;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.errors.NotFoundException;
import dev.feedline.push.entity.PushSubscription;
import dev.feedline.store.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** People's push subscriptions: one per endpoint, its keys kept but never shown. */
@ApplicationScoped
public class PushSubscriptionStore {
  /** A subscription made, and whether it replaced one with the same endpoint. */
  public record Saved(PushSubscription subscription, boolean replaced) {}

  private Database database;

  PushSubscriptionStore() {}

  @Inject
  public PushSubscriptionStore(Database database) {
    this.database = database;
  }

  /**
   * Subscribes {@code endpoint} for {@code user}: a subscription with the same endpoint, whoever
   * held it, is replaced (with the pushes it still had to send, which were not this person's). More
   * than {@code max} subscriptions of one person is refused.
   */
  public Saved subscribe(
      String user, String endpoint, SubscriptionKeys keys, List<String> types, int max) {
    try {
      return save(user, endpoint, keys, types, max);
    } catch (IllegalStateException e) {
      if (Database.isUniqueViolation(e)) {
        return save(user, endpoint, keys, types, max); // the same endpoint saved concurrently
      }
      throw e;
    }
  }

  private Saved save(
      String user, String endpoint, SubscriptionKeys keys, List<String> types, int max) {
    return database.inTransaction(
        c -> {
          boolean replaced;
          try (PreparedStatement delete =
              c.prepareStatement("delete from push_subscriptions where endpoint = ?")) {
            delete.setString(1, endpoint);
            replaced = delete.executeUpdate() > 0;
          }
          if (count(c, user) >= max) {
            throw new InvalidInputException(
                "At most " + max + " push subscriptions per person; delete one first.");
          }
          Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
          try (PreparedStatement insert =
              c.prepareStatement(
                  "insert into push_subscriptions (user_id, endpoint, p256dh, auth, types,"
                      + " created_at) values (?, ?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, user);
            insert.setString(2, endpoint);
            insert.setString(3, Base64Url.encode(keys.point()));
            insert.setString(4, Base64Url.encode(keys.auth()));
            insert.setString(5, " " + String.join(" ", types) + " ");
            insert.setObject(6, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            insert.executeUpdate();
            try (ResultSet ids = insert.getGeneratedKeys()) {
              ids.next();
              return new Saved(
                  new PushSubscription(
                      Long.toString(ids.getLong(1)), endpoint, types, now.toString()),
                  replaced);
            }
          }
        });
  }

  /** The person's subscriptions, oldest first. */
  public List<PushSubscription> list(String user) {
    return database.inTransaction(
        c -> {
          List<PushSubscription> all = new ArrayList<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "select id, endpoint, types, created_at from push_subscriptions"
                      + " where user_id = ? order by id")) {
            select.setString(1, user);
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                all.add(
                    new PushSubscription(
                        Long.toString(rs.getLong(1)),
                        rs.getString(2),
                        types(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class).toInstant().toString()));
              }
            }
          }
          return all;
        });
  }

  /** Deletes the person's subscription {@code id}; another's, or none, is not found. */
  public void delete(String user, long id) {
    int deleted =
        database.inTransaction(
            c -> {
              try (PreparedStatement delete =
                  c.prepareStatement(
                      "delete from push_subscriptions where id = ? and user_id = ?")) {
                delete.setLong(1, id);
                delete.setString(2, user);
                return delete.executeUpdate();
              }
            });
    if (deleted == 0) {
      throw new NotFoundException("No push subscription " + id + " of yours.");
    }
  }

  /** The types stored as " a b " (spaces at either end, for a one-row like). */
  static List<String> types(String stored) {
    return Arrays.stream(stored.trim().split(" ")).filter(t -> !t.isEmpty()).toList();
  }

  private static int count(Connection c, String user) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("select count(*) from push_subscriptions where user_id = ?")) {
      select.setString(1, user);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
