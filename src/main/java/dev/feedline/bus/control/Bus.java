package dev.feedline.bus.control;

import dev.feedline.events.entity.Event;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The in-process bus: hands each committed event to this node's listeners, in publish order. */
@ApplicationScoped
public class Bus {
  private static final Logger LOG = Logger.getLogger(Bus.class.getName());

  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

  /** Hands a committed event to every listener; a failing listener does not stop the others. */
  public void publish(Event event) {
    for (Consumer<Event> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A bus listener failed on event " + event.id(), e);
      }
    }
  }

  public void subscribe(Consumer<Event> listener) {
    listeners.add(listener);
  }

  public void unsubscribe(Consumer<Event> listener) {
    listeners.remove(listener);
  }
}
