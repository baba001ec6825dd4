package dev.feedline.posts.control;

import dev.feedline.events.entity.Event;
import dev.feedline.posts.entity.Post;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A change to a post, the event that records it, and the notification events it made or undid
 * (after it). {@code post} is the post as the person who changed it sees it ({@code liked} set);
 * the events carry it as every subscriber sees it.
 */
public record PostChange(Post post, Event event, List<Event> notifications) {
  public PostChange {
    notifications = List.copyOf(notifications);
  }

  /** The change whose appended {@code events} are the post's own, then its notifications'. */
  static PostChange appended(Post post, List<Event> events) {
    return new PostChange(post, events.get(0), events.subList(1, events.size()));
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
