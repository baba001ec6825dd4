package dev.feedline.notifications.control;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.NotificationType;
import dev.feedline.notifications.entity.Notification;
import dev.feedline.notifications.entity.NotificationPage;
import dev.feedline.posts.control.LikeStore;
import dev.feedline.posts.control.PostRows;
import dev.feedline.posts.entity.Post;
import dev.feedline.store.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a person's notifications with their posts as they are now, and as the person sees them
 * ({@code liked}). A page and its position come from one snapshot, so subscribing from the position
 * continues exactly where the page ends.
 */
@ApplicationScoped
public class NotificationStore {
  // The post's columns first, as PostRows.map reads them; a follow has no post (left join).
  private static final String SELECT =
      "select "
          + PostRows.COLUMNS
          + ", n.id, n.type, n.actor, n.created_at from notifications n"
          + " left join posts p on p.id = n.post_id where n.recipient = ?";
  private static final int POST_COLUMNS = 9;

  private Database database;

  NotificationStore() {}

  @Inject
  public NotificationStore(Database database) {
    this.database = database;
  }

  /**
   * Up to {@code limit} of {@code recipient}'s notifications older than {@code before} (null: the
   * newest), of {@code types} (empty: all), newest first.
   */
  public NotificationPage page(
      String recipient, Long before, int limit, Collection<NotificationType> types) {
    StringBuilder sql = new StringBuilder(SELECT);
    List<Object> params = new ArrayList<>(List.of(recipient));
    if (!types.isEmpty()) {
      sql.append(" and n.type in (").append("?, ".repeat(types.size() - 1)).append("?)");
      types.forEach(type -> params.add(type.wireName()));
    }
    if (before != null) {
      sql.append(" and n.id < ?");
      params.add(before);
    }
    sql.append(" order by n.id desc fetch first ? rows only");
    params.add(limit + 1);
    return database.inSnapshot(
        c -> {
          long position = EventLog.lastId(c);
          List<Notification> found = select(c, sql.toString(), params);
          String next = null;
          if (found.size() > limit) {
            found.remove(limit);
            next = found.get(limit - 1).id();
          }
          return new NotificationPage(seenBy(c, recipient, found), next, Long.toString(position));
        });
  }

  /** {@code recipient}'s notification {@code id}; empty when it is someone else's or gone. */
  public Optional<Notification> find(String recipient, long id) {
    return database.inTransaction(
        c -> {
          List<Notification> found = select(c, SELECT + " and n.id = ?", List.of(recipient, id));
          return seenBy(c, recipient, found).stream().findFirst();
        });
  }

  /** The notifications with their posts as {@code recipient} sees them, in one lookup. */
  private static List<Notification> seenBy(
      Connection c, String recipient, List<Notification> notifications) throws SQLException {
    List<Post> posts =
        notifications.stream().map(Notification::post).filter(Objects::nonNull).toList();
    Map<String, Post> seen = new HashMap<>();
    for (Post post : LikeStore.asSeenBy(c, recipient, posts)) {
      seen.put(post.id(), post);
    }
    List<Notification> answered = new ArrayList<>(notifications.size());
    for (Notification n : notifications) {
      answered.add(
          n.post() == null
              ? n
              : new Notification(
                  n.id(), n.type(), n.actor(), seen.get(n.post().id()), n.createdAt()));
    }
    return answered;
  }

  private static List<Notification> select(Connection c, String sql, List<Object> params)
      throws SQLException {
    List<Notification> found = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        select.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          rs.getLong(1);
          boolean hasPost = !rs.wasNull();
          found.add(
              new Notification(
                  Long.toString(rs.getLong(POST_COLUMNS + 1)),
                  rs.getString(POST_COLUMNS + 2),
                  rs.getString(POST_COLUMNS + 3),
                  hasPost ? PostRows.map(rs) : null,
                  rs.getObject(POST_COLUMNS + 4, OffsetDateTime.class).toInstant().toString()));
        }
      }
    }
    return found;
  }
}
