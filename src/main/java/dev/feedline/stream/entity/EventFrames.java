package dev.feedline.stream.entity;

import dev.feedline.events.entity.Event;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event's envelope, serialized once: the data JSON is written once, and each distinct list of
 * matching feeds gets its frame built once and shared by every connection with that list.
 */
public final class EventFrames {
  private final Event event;
  private final String prefix;
  private final String suffix;
  private final Map<List<String>, String> byFeeds = new HashMap<>(4);

  public EventFrames(Event event) {
    this.event = event;
    this.prefix =
        "{\"id\":\"" + event.id() + "\",\"type\":\"" + event.type().wireName() + "\",\"feeds\":";
    this.suffix = ",\"data\":" + event.data() + "}";
  }

  public Event event() {
    return event;
  }

  /** The envelope for a connection whose subscribed feeds that match are {@code feeds}. */
  public String frame(List<String> feeds) {
    return byFeeds.computeIfAbsent(feeds, this::build);
  }

  private String build(List<String> feeds) {
    StringBuilder json = new StringBuilder(prefix.length() + suffix.length() + 16 * feeds.size());
    json.append(prefix).append('[');
    for (int i = 0; i < feeds.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      // Feed names are restricted to [A-Za-z0-9_.:-]: nothing to escape.
      json.append('"').append(feeds.get(i)).append('"');
    }
    return json.append(']').append(suffix).toString();
  }
}
