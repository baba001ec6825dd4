package dev.feedline.events.entity;

import java.time.Instant;
import java.util.List;

/**
 * One committed change. {@code actor} is the post's author or the follower; {@code subject} the
 * followee of a follow change; {@code tags} the tags whose feeds show it; {@code data} the
 * envelope's data, already serialized.
 */
public record Event(
    long id,
    EventType type,
    Long postId,
    String actor,
    String subject,
    List<String> tags,
    String data,
    Instant createdAt) {

  public Event {
    tags = List.copyOf(tags);
  }
}
