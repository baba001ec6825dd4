package dev.feedline.stream.entity;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import java.time.Instant;
import java.util.List;

/** Events shaped like the ones the benchmarks stand for: a new post of about 200 characters. */
public final class SampleEvents {
  private SampleEvents() {}

  /** A post.created event by alice, tagged java, whose data is about 200 characters of JSON. */
  public static Event post(long id) {
    String data =
        "{\"id\":\""
            + id
            + "\",\"author\":\"alice\",\"text\":\"Fan-out on Liberty: one serialization per event,"
            + " one bounded queue per connection, one send in flight.\",\"tags\":[\"java\"],"
            + "\"createdAt\":\"2025-01-01T12:00:00Z\",\"likes\":0}";
    return new Event(
        id, EventType.POST_CREATED, id, "alice", null, List.of("java"), data, Instant.now());
  }
}
