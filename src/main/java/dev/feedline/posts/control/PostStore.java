package dev.feedline.posts.control;

import dev.feedline.errors.NotFoundException;
import dev.feedline.errors.PermissionDeniedException;
import dev.feedline.events.control.EventLog;
import dev.feedline.events.control.NotificationLog;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.json.Json;
import dev.feedline.posts.entity.Post;
import dev.feedline.posts.entity.PostRef;
import dev.feedline.posts.entity.PostStats;
import dev.feedline.store.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Stores posts and likes; every change appends its event in the same transaction. */
@ApplicationScoped
public class PostStore {
  /** The columns {@link #map} reads, in its order. */
  public static final String COLUMNS =
      "p.id, p.author, p.text, p.tags, p.created_at, p.edited_at, p.likes, p.in_reply_to,"
          + " p.mentions";

  /**
   * A change, the event that records it, and the notification events it made or undid (after it).
   */
  public record Change(Post post, Event event, List<Event> notifications) {
    public Change {
      notifications = List.copyOf(notifications);
    }

    /** Every event of the change, in id order. */
    public List<Event> events() {
      List<Event> all = new ArrayList<>(1 + notifications.size());
      all.add(event);
      all.addAll(notifications);
      all.sort(Comparator.comparingLong(Event::id));
      return all;
    }
  }

  private Database database;

  PostStore() {}

  @Inject
  public PostStore(Database database) {
    this.database = database;
  }

  public Change create(String author, String text, List<String> explicitTags, List<String> tags) {
    return create(author, text, explicitTags, tags, List.of(), null);
  }

  /**
   * Creates a post that mentions {@code mentions} and replies to {@code inReplyTo} (null: to none);
   * a parent that does not exist is not found.
   */
  public Change create(
      String author,
      String text,
      List<String> explicitTags,
      List<String> tags,
      List<String> mentions,
      Long inReplyTo) {
    return database.inTransaction(
        c -> {
          Optional<Post> parent = Optional.empty();
          if (inReplyTo != null) {
            parent = Optional.of(load(c, inReplyTo, false).orElseThrow(() -> notFound(inReplyTo)));
          }
          Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
          long id;
          try (PreparedStatement insert =
              c.prepareStatement(
                  "insert into posts"
                      + " (author, text, tags, explicit_tags, created_at, likes, in_reply_to,"
                      + " mentions) values (?, ?, ?, ?, ?, 0, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, author);
            insert.setString(2, text);
            insert.setString(3, String.join(" ", tags));
            insert.setString(4, String.join(" ", explicitTags));
            insert.setObject(5, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            insert.setObject(6, inReplyTo, Types.BIGINT);
            insert.setString(7, String.join(" ", mentions));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong(1);
            }
          }
          insertTags(c, id, tags);
          String parentId = inReplyTo == null ? null : inReplyTo.toString();
          Post post =
              new Post(
                  Long.toString(id),
                  author,
                  text,
                  tags,
                  now.toString(),
                  null,
                  0,
                  parentId,
                  mentions);
          // The post and its tags note their creation event's id, for unread counts, in the same
          // statement as the append: the id exists only then, and the counter is held from then on.
          List<EventLog.Stamp> stamps = new ArrayList<>();
          stamps.add(new EventLog.Stamp("posts", "created_event", "id", id));
          if (!tags.isEmpty()) {
            stamps.add(new EventLog.Stamp("post_tags", "created_event", "post_id", id));
          }
          // Notifications (mentions, a reply) first: the post's own append comes last and commits
          // in its round trip, so a post that notifies nobody holds the counter for one trip only.
          List<Event> notifications = PostNotifications.created(c, post, parent);
          Event event =
              EventLog.appendAndCommit(
                  c,
                  EventType.POST_CREATED,
                  id,
                  author,
                  null,
                  tags,
                  Json.write(post),
                  stamps.toArray(EventLog.Stamp[]::new));
          return new Change(post, event, notifications);
        });
  }

  public Optional<Post> find(long id) {
    return database.inTransaction(c -> load(c, id, false));
  }

  /** Replaces the text (author only); tags are the explicit ones plus the new text's #words. */
  public Change edit(long id, String editor, String text, PostRules rules) {
    return database.inTransaction(
        c -> {
          Post old = load(c, id, true).orElseThrow(() -> notFound(id));
          if (!old.author().equals(editor)) {
            throw new PermissionDeniedException("Only the author may edit a post.");
          }
          List<String> tags = rules.allTags(explicitTags(c, id), text);
          List<String> mentions = rules.mentions(text);
          Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
          try (PreparedStatement update =
              c.prepareStatement(
                  "update posts set text = ?, tags = ?, edited_at = ?, mentions = ? where id = ?")) {
            update.setString(1, text);
            update.setString(2, String.join(" ", tags));
            update.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            update.setString(4, String.join(" ", mentions));
            update.setLong(5, id);
            update.executeUpdate();
          }
          try (PreparedStatement clear =
              c.prepareStatement("delete from post_tags where post_id = ?")) {
            clear.setLong(1, id);
            clear.executeUpdate();
          }
          insertTags(c, id, tags);
          Post post =
              new Post(
                  old.id(),
                  old.author(),
                  text,
                  tags,
                  old.createdAt(),
                  now.toString(),
                  old.likes(),
                  old.inReplyTo(),
                  mentions);
          // Subscribers of a tag the edit removed learn of the edit too.
          Set<String> eventTags = new LinkedHashSet<>(old.tags());
          eventTags.addAll(tags);
          Event event =
              EventLog.append(
                  c,
                  EventType.POST_UPDATED,
                  id,
                  old.author(),
                  null,
                  List.copyOf(eventTags),
                  Json.write(post));
          return new Change(post, event, PostNotifications.edited(c, old, post));
        });
  }

  /** Deletes a post (its author or an admin), and the notifications it made or was liked in. */
  public Change delete(long id, String user, boolean admin) {
    return database.inTransaction(
        c -> {
          Post old = load(c, id, true).orElseThrow(() -> notFound(id));
          if (!admin && !old.author().equals(user)) {
            throw new PermissionDeniedException("Only the author or an admin may delete a post.");
          }
          try (PreparedStatement delete = c.prepareStatement("delete from posts where id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
          }
          Event event =
              EventLog.append(
                  c,
                  EventType.POST_DELETED,
                  id,
                  old.author(),
                  null,
                  old.tags(),
                  Json.write(new PostRef(old.id())));
          return new Change(old, event, NotificationLog.removeForPost(c, id));
        });
  }

  /** Likes a post, notifying its author; empty when {@code user} already liked it (idempotent). */
  public Optional<Change> like(long id, String user) {
    return changeLike(id, user, true);
  }

  /** Takes a like back, and its notification; empty when there was none (idempotent). */
  public Optional<Change> unlike(long id, String user) {
    return changeLike(id, user, false);
  }

  private Optional<Change> changeLike(long id, String user, boolean like) {
    return database.inTransaction(
        c -> {
          // Locking the post serializes likes of one post, so the count and the rows agree.
          Post post = load(c, id, true).orElseThrow(() -> notFound(id));
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
          Event event =
              EventLog.append(
                  c,
                  EventType.POST_STATS,
                  id,
                  post.author(),
                  null,
                  post.tags(),
                  Json.write(new PostStats(post.id(), likes)));
          Post liked = post.withLikes(likes);
          return Optional.of(
              new Change(liked, event, PostNotifications.liked(c, liked, user, like)));
        });
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

  /** Maps a row selected with {@link #COLUMNS}, first in the select. */
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
        split(rs.getString(9)));
  }

  private static List<String> explicitTags(Connection c, long id) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("select explicit_tags from posts where id = ?")) {
      select.setLong(1, id);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return split(rs.getString(1));
      }
    }
  }

  private static void insertTags(Connection c, long id, List<String> tags) throws SQLException {
    if (tags.isEmpty()) {
      return;
    }
    // An edit re-inserts the tags: they keep the post's creation event.
    try (PreparedStatement insert =
        c.prepareStatement(
            "insert into post_tags (post_id, tag, created_event)"
                + " select id, ?, created_event from posts where id = ?")) {
      for (String tag : tags) {
        insert.setString(1, tag);
        insert.setLong(2, id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static List<String> split(String tags) {
    return tags == null || tags.isEmpty()
        ? List.of()
        : new ArrayList<>(Arrays.asList(tags.split(" ")));
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("No post " + id + ".");
  }
}
