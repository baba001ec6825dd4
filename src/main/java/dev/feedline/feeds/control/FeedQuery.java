package dev.feedline.feeds.control;

import dev.feedline.errors.InvalidFeedException;
import dev.feedline.events.control.EventLog;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.feeds.entity.FeedPage;
import dev.feedline.posts.control.PostStore;
import dev.feedline.posts.entity.Post;
import dev.feedline.store.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads feed pages. Posts and position come from one snapshot, so subscribing from the position
 * continues exactly where the page ends.
 */
@ApplicationScoped
public class FeedQuery {
  private static final String SELECT = "select " + PostStore.COLUMNS + " from posts p";

  private Database database;

  FeedQuery() {}

  @Inject
  public FeedQuery(Database database) {
    this.database = database;
  }

  /**
   * Up to {@code limit} posts of {@code feed} older than post {@code before} (null: the newest), as
   * {@code owner} sees them ({@code owner} matters for home only).
   */
  public FeedPage page(Feed feed, String owner, Long before, int limit) {
    StringBuilder sql = new StringBuilder(SELECT);
    List<Object> params = new ArrayList<>();
    switch (feed.kind()) {
      case PUBLIC -> sql.append(" where 1 = 1");
      case USER -> {
        sql.append(" where p.author = ?");
        params.add(feed.key());
      }
      case TAG -> {
        sql.append(" join post_tags t on t.post_id = p.id where t.tag = ?");
        params.add(feed.key());
      }
      case HOME -> {
        sql.append(
            " where (p.author = ? or p.author in (select f.followee from follows f where f.follower = ?))");
        params.add(owner);
        params.add(owner);
      }
      case MARKERS, NOTIFICATIONS ->
          throw new InvalidFeedException("The " + feed.name() + " feed has no pages of posts.");
    }
    if (before != null) {
      sql.append(" and p.id < ?");
      params.add(before);
    }
    sql.append(" order by p.id desc fetch first ? rows only");
    params.add(limit + 1);
    return database.inSnapshot(
        c -> {
          long position = EventLog.lastId(c);
          List<Post> posts = new ArrayList<>();
          try (PreparedStatement select = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
              select.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
              while (rs.next()) {
                posts.add(PostStore.map(rs));
              }
            }
          }
          String next = null;
          if (posts.size() > limit) {
            posts.remove(limit);
            next = posts.get(limit - 1).id();
          }
          return new FeedPage(posts, next, Long.toString(position));
        });
  }
}
