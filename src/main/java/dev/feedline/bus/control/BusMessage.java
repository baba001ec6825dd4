package dev.feedline.bus.control;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import java.time.Instant;
import java.util.List;

/** An event as it travels between nodes. */
public record BusMessage(
    long id,
    String type,
    Long postId,
    String actor,
    String subject,
    List<String> tags,
    String data,
    String createdAt) {

  static BusMessage of(Event event) {
    return new BusMessage(
        event.id(),
        event.type().wireName(),
        event.postId(),
        event.actor(),
        event.subject(),
        event.tags(),
        event.data(),
        event.createdAt().toString());
  }

  Event toEvent() {
    return new Event(
        id,
        EventType.fromWireName(type),
        postId,
        actor,
        subject,
        tags == null ? List.of() : tags,
        data,
        Instant.parse(createdAt));
  }
}
