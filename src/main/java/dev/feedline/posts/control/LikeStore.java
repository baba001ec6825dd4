package dev.feedline.posts.control;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.EventType;
import dev.feedline.json.Json;
import dev.feedline.posts.entity.Post;
import dev.feedline.posts.entity.PostStats;
import dev.feedline.store.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores likes: a like or unlike changes the row, the post's count, its event and its author's
 * notification in one transaction; and says which posts of a page a caller likes.
 */
@ApplicationScoped
public class LikeStore {
  private Database database;

  LikeStore() {}

  @Inject
  public LikeStore(Database database) {
    this.database = database;
  }

  /** Likes a post, notifying its author; empty when {@code user} already liked it (idempotent). */
  public Optional<PostChange> like(long id, String user) {
    return changeLike(id, user, true);
  }

  /** Takes a like back, and its notification; empty when there was none (idempotent). */
  public Optional<PostChange> unlike(long id, String user) {
    return changeLike(id, user, false);
  }

  /**
   * {@code posts} as {@code viewer} sees them, each with {@code liked} set, read with one lookup
   * for all of them; unchanged (liked unset) when there is no viewer.
   */
  public static List<Post> asSeenBy(Connection c, String viewer, List<Post> posts)
      throws SQLException {
    if (viewer == null) {
      return posts;
    }
    Set<String> liked = likedAmong(c, viewer, posts);
    List<Post> seen = new ArrayList<>(posts.size());
    for (Post post : posts) {
      seen.add(post.withLiked(liked.contains(post.id())));
    }
    return seen;
  }

  /**
   * The ids of {@code posts} that {@code user} likes. The likes key is (post_id, user_id), so this
   * is one probe of the key per post, however many likes a post or a user has.
   */
  private static Set<String> likedAmong(Connection c, String user, List<Post> posts)
      throws SQLException {
    Set<Long> ids = new LinkedHashSet<>();
    for (Post post : posts) {
      ids.add(Long.parseLong(post.id()));
    }
    Set<String> liked = new HashSet<>();
    if (ids.isEmpty()) {
      return liked;
    }
    String sql =
        "select post_id from likes where user_id = ? and post_id in ("
            + "?, ".repeat(ids.size() - 1)
            + "?)";
    try (PreparedStatement select = c.prepareStatement(sql)) {
      int i = 1;
      select.setString(i++, user);
      for (long id : ids) {
        select.setLong(i++, id);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          liked.add(Long.toString(rs.getLong(1)));
        }
      }
    }
    return liked;
  }

  private Optional<PostChange> changeLike(long id, String user, boolean like) {
    return database.inTransaction(
        c -> {
          // Locking the post serializes likes of one post, so the count and the rows agree.
          Post post = PostRows.require(c, id, true);
          boolean present;
          try (PreparedStatement exists =
              c.prepareStatement("select 1 from likes where post_id = ? and user_id = ?")) {
            exists.setLong(1, id);
            exists.setString(2, user);
            try (ResultSet rs = exists.executeQuery()) {
              present = rs.next();
            }
          }
          if (present == like) {
            return Optional.empty();
          }
          String sql =
              like
                  ? "insert into likes (post_id, user_id) values (?, ?)"
                  : "delete from likes where post_id = ? and user_id = ?";
          try (PreparedStatement change = c.prepareStatement(sql)) {
            change.setLong(1, id);
            change.setString(2, user);
            change.executeUpdate();
          }
          long likes = post.likes() + (like ? 1 : -1);
          try (PreparedStatement count =
              c.prepareStatement("update posts set likes = ? where id = ?")) {
            count.setLong(1, likes);
            count.setLong(2, id);
            count.executeUpdate();
          }
          Post liked = post.withLikes(likes);
          List<EventLog.Pending> events = new ArrayList<>();
          events.add(
              new EventLog.Pending(
                  EventType.POST_STATS,
                  id,
                  post.author(),
                  null,
                  post.tags(),
                  Json.write(new PostStats(post.id(), likes))));
          events.addAll(PostNotifications.liked(c, liked, user, like));
          return Optional.of(
              PostChange.appended(liked.withLiked(like), EventLog.appendAndCommit(c, events)));
        });
  }
}
