package dev.feedline.posts.control;

import dev.feedline.errors.NotFoundException;
import dev.feedline.posts.entity.Post;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads posts from rows of the posts table, for every query that answers posts. */
public final class PostRows {
  /** The columns {@link #map} reads, in its order. */
  public static final String COLUMNS =
      "p.id, p.author, p.text, p.tags, p.created_at, p.edited_at, p.likes, p.in_reply_to,"
          + " p.mentions";

  private PostRows() {}

  /** Maps a row selected with {@link #COLUMNS}, first in the select; {@code liked} is unset. */
  public static Post map(ResultSet rs) throws SQLException {
    OffsetDateTime edited = rs.getObject(6, OffsetDateTime.class);
    long inReplyTo = rs.getLong(8);
    String parent = rs.wasNull() ? null : Long.toString(inReplyTo);
    return new Post(
        Long.toString(rs.getLong(1)),
        rs.getString(2),
        rs.getString(3),
        split(rs.getString(4)),
        rs.getObject(5, OffsetDateTime.class).toInstant().toString(),
        edited == null ? null : edited.toInstant().toString(),
        rs.getLong(7),
        parent,
        split(rs.getString(9)),
        null);
  }

  static Optional<Post> load(Connection c, long id, boolean forUpdate) throws SQLException {
    String sql =
        "select " + COLUMNS + " from posts p where p.id = ?" + (forUpdate ? " for update" : "");
    try (PreparedStatement select = c.prepareStatement(sql)) {
      select.setLong(1, id);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  /** The post, locked when {@code forUpdate}; not found when it does not exist. */
  static Post require(Connection c, long id, boolean forUpdate) throws SQLException {
    return load(c, id, forUpdate).orElseThrow(() -> notFound(id));
  }

  static NotFoundException notFound(long id) {
    return new NotFoundException("No post " + id + ".");
  }

  /** A space-separated column (tags, mentions) as a list. */
  static List<String> split(String words) {
    return words == null || words.isEmpty()
        ? List.of()
        : new ArrayList<>(Arrays.asList(words.split(" ")));
  }
}
