package dev.feedline.posts.control;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.control.NotificationLog;
import dev.feedline.events.entity.NotificationType;
import dev.feedline.json.Json;
import dev.feedline.posts.entity.Post;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The notifications a post or a like makes and undoes, in the transaction of the change: a reply
 * notifies the parent's author (once, even when it also mentions them), a mention each person
 * named, a like the post's author. The rows are written at once; the events are answered pending,
 * for the change to append after its own.
 */
final class PostNotifications {
  private PostNotifications() {}

  static List<EventLog.Pending> created(Connection c, Post post, Optional<Post> parent)
      throws SQLException {
    List<EventLog.Pending> events = new ArrayList<>();
    long id = Long.parseLong(post.id());
    String json = Json.write(post);
    if (parent.isPresent()) {
      NotificationLog.add(c, parent.get().author(), NotificationType.REPLY, post.author(), id, json)
          .ifPresent(events::add);
    }
    for (String name : mentioned(post.mentions(), parent)) {
      NotificationLog.add(c, name, NotificationType.MENTION, post.author(), id, json)
          .ifPresent(events::add);
    }
    return events;
  }

  /** An edit notifies the people it adds and undoes the mentions it removes. */
  static List<EventLog.Pending> edited(Connection c, Post old, Post post) throws SQLException {
    Optional<Post> parent =
        post.inReplyTo() == null
            ? Optional.empty()
            : PostRows.load(c, Long.parseLong(post.inReplyTo()), false);
    Set<String> before = mentioned(old.mentions(), parent);
    Set<String> after = mentioned(post.mentions(), parent);
    List<EventLog.Pending> events = new ArrayList<>();
    long id = Long.parseLong(post.id());
    for (String name : before) {
      if (!after.contains(name)) {
        NotificationLog.remove(c, name, NotificationType.MENTION, post.author(), id)
            .ifPresent(events::add);
      }
    }
    String json = null;
    for (String name : after) {
      if (!before.contains(name)) {
        json = json == null ? Json.write(post) : json;
        NotificationLog.add(c, name, NotificationType.MENTION, post.author(), id, json)
            .ifPresent(events::add);
      }
    }
    return events;
  }

  static List<EventLog.Pending> liked(Connection c, Post post, String user, boolean like)
      throws SQLException {
    long id = Long.parseLong(post.id());
    Optional<EventLog.Pending> event =
        like
            ? NotificationLog.add(
                c, post.author(), NotificationType.LIKE, user, id, Json.write(post))
            : NotificationLog.remove(c, post.author(), NotificationType.LIKE, user, id);
    return event.stream().toList();
  }

  /** The people a mention notifies: the parent's author gets the reply instead. */
  private static Set<String> mentioned(List<String> mentions, Optional<Post> parent) {
    Set<String> names = new LinkedHashSet<>(mentions);
    parent.ifPresent(p -> names.remove(p.author()));
    return names;
  }
}
