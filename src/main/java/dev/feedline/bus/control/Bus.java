package dev.feedline.bus.control;

import dev.feedline.events.entity.Event;
import java.util.function.Consumer;

/**
 * Carries each committed event to the Hub of every node: {@link LocalBus} in one process, {@link
 * RedisBus} over Redis pub/sub for many. Nothing above it knows which one runs. Losing a message
 * loses nothing: the store has every event, and each Hub reads what the bus did not bring.
 */
public interface Bus {
  /** Hands a committed event to this node's listeners and, where there are others, to them. */
  void publish(Event event);

  void subscribe(Consumer<Event> listener);

  void unsubscribe(Consumer<Event> listener);

  /** "in-process" or "redis". */
  String kind();

  /** Whether events from other nodes can arrive now. */
  boolean connected();

  /** Releases the connections and threads the bus holds; the in-process bus holds none. */
  default void close() {}
}
