package dev.feedline.feeds.control;

import dev.feedline.errors.InvalidFeedException;
import dev.feedline.events.control.EventLog;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.feeds.entity.FeedPage;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Reads feed pages. Posts and position come from one snapshot, so subscribing from the position
 * continues exactly where the page ends. Every page is an index range read backwards from {@code
 * before}, or for home a bounded merge of such ranges ({@link HomePage}).
 */
@ApplicationScoped
public class FeedQuery {
  private static final String COLUMNS = PostRows.COLUMNS;

  private Database database;
  private int homeWindow;

  FeedQuery() {}

  @Inject
  public FeedQuery(Database database, FeedSettings settings) {
    this(database, settings.homeWindow());
  }

  /** Reads pages with this home window, as tests make it without a container. */
  public FeedQuery(Database database, int homeWindow) {
    this.database = database;
    this.homeWindow = homeWindow;
  }

  /**
   * Up to {@code limit} posts of {@code feed} older than post {@code before} (null: the newest), as
   * {@code owner} sees them: whose home it is, and which posts they like ({@code liked}, unset when
   * the owner is null).
   */
  public FeedPage page(Feed feed, String owner, Long before, int limit) {
    if (feed.kind() == Feed.Kind.MARKERS || feed.kind() == Feed.Kind.NOTIFICATIONS) {
      throw new InvalidFeedException("The " + feed.name() + " feed has no pages of posts.");
    }
    long below = before == null ? Long.MAX_VALUE : before;
    return database.inSnapshot(
        c -> {
          long position = EventLog.lastId(c);
          List<Post> posts =
              feed.kind() == Feed.Kind.HOME
                  ? HomePage.read(c, owner, below, limit + 1, homeWindow)
                  : range(c, feed, below, limit + 1);
          String next = null;
          if (posts.size() > limit) {
            posts = new ArrayList<>(posts.subList(0, limit));
            next = posts.get(limit - 1).id();
          }
          posts = LikeStore.asSeenBy(c, owner, posts);
          return new FeedPage(posts, next, Long.toString(position));
        });
  }

  private static List<Post> range(Connection c, Feed feed, long below, int rows)
      throws SQLException {
    String sql =
        switch (feed.kind()) {
          case PUBLIC -> "select " + COLUMNS + " from posts p where p.id < ? order by p.id desc";
          case USER ->
              "select "
                  + COLUMNS
                  + " from posts p where p.author = ? and p.id < ? order by p.id desc";
          // The range is on the tag index's post_id: a bound on p.id would not narrow it.
          case TAG ->
              "select "
                  + COLUMNS
                  + " from post_tags t join posts p on p.id = t.post_id"
                  + " where t.tag = ? and t.post_id < ? order by t.post_id desc";
          default -> throw new IllegalArgumentException("No range for " + feed.name());
        };
    List<Post> posts = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement(sql + " fetch first ? rows only")) {
      int i = 1;
      if (feed.kind() != Feed.Kind.PUBLIC) {
        select.setString(i++, feed.key());
      }
      select.setLong(i++, below);
      select.setInt(i, rows);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          posts.add(PostRows.map(rs));
        }
      }
    }
    return posts;
  }
}
