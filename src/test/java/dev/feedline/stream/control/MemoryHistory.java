package dev.feedline.stream.control;

import dev.feedline.events.entity.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** An event log in memory, as a replay would read it from the store; no follows. */
final class MemoryHistory implements Recovery.History {
  private final List<Event> events = new ArrayList<>();

  void append(Event event) {
    events.add(event);
  }

  List<Event> all() {
    return events;
  }

  @Override
  public long lastId() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).id();
  }

  @Override
  public long firstRetainedId() {
    return events.isEmpty() ? 0 : events.get(0).id();
  }

  @Override
  public List<Event> readAfter(long afterId, int limit) {
    List<Event> found = new ArrayList<>();
    for (Event e : events) {
      if (e.id() > afterId && found.size() < limit) {
        found.add(e);
      }
    }
    return found;
  }

  @Override
  public Set<String> following(String user) {
    return Set.of();
  }

  @Override
  public List<Event> followChangesAfter(String user, long afterId) {
    return List.of();
  }
}
