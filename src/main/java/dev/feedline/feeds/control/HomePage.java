package dev.feedline.feeds.control;

import dev.feedline.posts.control.PostRows;
import dev.feedline.posts.entity.Post;
import dev.feedline.store.control.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a home page, the newest posts of its owner and of the people they follow, in reads bounded
 * by the page and the owner's follows, never by the number of posts.
 *
 * <p>The page is merged from each author's own newest posts: one index probe per followed author
 * finds their newest post, and only the {@code rows} authors with the newest of those can be on the
 * page (any other's posts are all older than {@code rows} posts of theirs), so only they are read,
 * each at most as far as it could still reach the page. That costs a probe per followed author, so
 * for people who follow many (at least a quarter of {@code window}) the newest {@code window} posts
 * are read and filtered by author first: when the followed authors write much (or many are
 * followed) the page is there, and the probes are needed only when it is not.
 */
final class HomePage {
  private static final String COLUMNS = PostRows.COLUMNS;

  private static final String WINDOW =
      "select "
          + COLUMNS
          + " from (select "
          + COLUMNS
          + " from posts p where p.id < ? order by p.id desc fetch first ? rows only) p"
          + " where p.author = ? or p.author in (select f.followee from follows f where f.follower = ?)"
          + " order by p.id desc fetch first ? rows only";

  private static final String NEWEST_PER_AUTHOR =
      "select a.author, (select max(p.id) from posts p where p.author = a.author and p.id < ?)"
          + " from (select f.followee as author from follows f where f.follower = ?"
          + " union all values (cast(? as varchar(64)))) a";

  private static final String AUTHOR_BRANCH =
      "(select "
          + COLUMNS
          + " from posts p where p.author = ? and p.id < ? order by p.id desc fetch first ? rows"
          + " only)";

  // One statement text for any number of authors, so PostgreSQL plans it once per connection; a
  // union of one branch per author was a new text, planned anew, for each count of authors.
  private static final String AUTHORS_LATERAL =
      "select "
          + COLUMNS
          + " from unnest(cast(? as varchar(64)[]), cast(? as integer[])) as a(author, n)"
          + " cross join lateral (select "
          + COLUMNS
          + " from posts p where p.author = a.author and p.id < ? order by p.id desc"
          + " fetch first a.n rows only) p order by p.id desc fetch first ? rows only";

  private static final String FOLLOWS_UP_TO =
      "select count(*) from (select 1 from follows f where f.follower = ? fetch first ? rows only) f";

  private record Newest(String author, long id) {}

  private HomePage() {}

  /** Up to {@code rows} posts of {@code owner}'s home older than post {@code before}. */
  static List<Post> read(Connection c, String owner, long before, int rows, int window)
      throws SQLException {
    // A window whose rows outnumber the probes fourfold is not worth reading first: each probe
    // costs a few index pages, each window row one heap row.
    int many = Math.max(1, window / 4);
    if (followsAtLeast(c, owner, many)) {
      List<Post> posts = query(c, WINDOW, List.of(before, window, owner, owner, rows));
      if (posts.size() == rows) {
        return posts;
      }
    }
    return merge(c, owner, before, rows);
  }

  private static boolean followsAtLeast(Connection c, String owner, int count) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(FOLLOWS_UP_TO)) {
      select.setString(1, owner);
      select.setInt(2, count);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getInt(1) >= count;
      }
    }
  }

  private static List<Post> merge(Connection c, String owner, long before, int rows)
      throws SQLException {
    List<Newest> newest = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement(NEWEST_PER_AUTHOR)) {
      select.setLong(1, before);
      select.setString(2, owner);
      select.setString(3, owner);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(2);
          if (!rs.wasNull()) {
            newest.add(new Newest(rs.getString(1), id));
          }
        }
      }
    }
    if (newest.isEmpty()) {
      return List.of();
    }
    newest.sort(Comparator.comparingLong(Newest::id).reversed());
    List<Newest> candidates = newest.subList(0, Math.min(rows, newest.size()));
    if (Database.isPostgres(c)) {
      String[] authors = new String[candidates.size()];
      Integer[] reach = new Integer[candidates.size()];
      for (int k = 0; k < candidates.size(); k++) {
        authors[k] = candidates.get(k).author();
        // The k authors with newer newest posts put at least k posts above all of this one's.
        reach[k] = rows - k;
      }
      return query(
          c,
          AUTHORS_LATERAL,
          List.of(
              c.createArrayOf("varchar", authors),
              c.createArrayOf("integer", reach),
              before,
              rows));
    }
    // H2 has no LATERAL: a union of one branch per author.
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from (");
    List<Object> params = new ArrayList<>();
    for (int k = 0; k < candidates.size(); k++) {
      sql.append(k == 0 ? "" : " union all ").append(AUTHOR_BRANCH);
      // The k authors with newer newest posts put at least k posts above all of this one's.
      params.add(candidates.get(k).author());
      params.add(before);
      params.add(rows - k);
    }
    sql.append(") p order by p.id desc fetch first ? rows only");
    params.add(rows);
    return query(c, sql.toString(), params);
  }

  private static List<Post> query(Connection c, String sql, List<Object> params)
      throws SQLException {
    List<Post> posts = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        select.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          posts.add(PostRows.map(rs));
        }
      }
    }
    return posts;
  }
}
