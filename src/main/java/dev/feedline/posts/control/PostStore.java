package dev.feedline.posts.control;

import dev.feedline.errors.PermissionDeniedException;
import dev.feedline.events.control.EventLog;
import dev.feedline.events.control.NotificationLog;
import dev.feedline.events.entity.EventType;
import dev.feedline.json.Json;
import dev.feedline.posts.entity.Post;
import dev.feedline.posts.entity.PostRef;
import dev.feedline.store.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stores posts: create, edit, delete; every change appends its event in the same transaction. Likes
 * are {@link LikeStore}'s, the tag index {@link PostTags}', the mapping of rows {@link PostRows}'.
 */
@ApplicationScoped
public class PostStore {
  private Database database;

  PostStore() {}

  @Inject
  public PostStore(Database database) {
    this.database = database;
  }

  public PostChange create(
      String author, String text, List<String> explicitTags, List<String> tags) {
    return create(author, text, explicitTags, tags, List.of(), null);
  }

  /**
   * Creates a post that mentions {@code mentions} and replies to {@code inReplyTo} (null: to none);
   * a parent that does not exist is not found.
   */
  public PostChange create(
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
            parent = Optional.of(PostRows.require(c, inReplyTo, false));
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
          PostTags.insert(c, id, tags);
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
                  mentions,
                  null);
          // The post and its tags note their creation event's id, for unread counts, in the same
          // statement as the append: the id exists only then, and the counter is held from then on.
          List<EventLog.Stamp> stamps = new ArrayList<>();
          stamps.add(new EventLog.Stamp("posts", "created_event", "id", id));
          if (!tags.isEmpty()) {
            stamps.add(new EventLog.Stamp("post_tags", "created_event", "post_id", id));
          }
          List<EventLog.Pending> events = new ArrayList<>();
          events.add(
              new EventLog.Pending(
                  EventType.POST_CREATED, id, author, null, tags, Json.write(post), stamps));
          events.addAll(PostNotifications.created(c, post, parent));
          // Nobody can like a post before it exists: its author sees it not liked.
          return PostChange.appended(post.withLiked(false), EventLog.appendAndCommit(c, events));
        });
  }

  /** The post as someone without a token sees it ({@code liked} unset). */
  public Optional<Post> find(long id) {
    return find(id, null);
  }

  /** The post as {@code viewer} sees it: with {@code liked}, unless the viewer is null. */
  public Optional<Post> find(long id, String viewer) {
    return database.inTransaction(
        c -> {
          List<Post> found = PostRows.load(c, id, false).stream().toList();
          return LikeStore.asSeenBy(c, viewer, found).stream().findFirst();
        });
  }

  /** Replaces the text (author only); tags are the explicit ones plus the new text's #words. */
  public PostChange edit(long id, String editor, String text, PostRules rules) {
    return database.inTransaction(
        c -> {
          Post old = PostRows.require(c, id, true);
          if (!old.author().equals(editor)) {
            throw new PermissionDeniedException("Only the author may edit a post.");
          }
          // The post is locked, and a like locks it first, so the answer stays true until the
          // commit.
          Boolean liked = LikeStore.asSeenBy(c, editor, List.of(old)).get(0).liked();
          List<String> tags = rules.allTags(PostTags.explicit(c, id), text);
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
          PostTags.replace(c, id, tags);
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
                  mentions,
                  null);
          // Subscribers of a tag the edit removed learn of the edit too.
          Set<String> eventTags = new LinkedHashSet<>(old.tags());
          eventTags.addAll(tags);
          List<EventLog.Pending> events = new ArrayList<>();
          events.add(
              new EventLog.Pending(
                  EventType.POST_UPDATED,
                  id,
                  old.author(),
                  null,
                  List.copyOf(eventTags),
                  Json.write(post)));
          events.addAll(PostNotifications.edited(c, old, post));
          return PostChange.appended(post.withLiked(liked), EventLog.appendAndCommit(c, events));
        });
  }

  /** Deletes a post (its author or an admin), and the notifications it made or was liked in. */
  public PostChange delete(long id, String user, boolean admin) {
    return database.inTransaction(
        c -> {
          Post old = PostRows.require(c, id, true);
          if (!admin && !old.author().equals(user)) {
            throw new PermissionDeniedException("Only the author or an admin may delete a post.");
          }
          try (PreparedStatement delete = c.prepareStatement("delete from posts where id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
          }
          List<EventLog.Pending> events = new ArrayList<>();
          events.add(
              new EventLog.Pending(
                  EventType.POST_DELETED,
                  id,
                  old.author(),
                  null,
                  old.tags(),
                  Json.write(new PostRef(old.id()))));
          events.addAll(NotificationLog.removeForPost(c, id));
          return PostChange.appended(old, EventLog.appendAndCommit(c, events));
        });
  }
}
