package dev.feedline.bus.control;

import dev.feedline.events.entity.Event;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The in-process bus: hands each committed event to this node's listeners. */
public class LocalBus implements Bus {
  private static final Logger LOG = Logger.getLogger(LocalBus.class.getName());

  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public void publish(Event event) {
    deliver(event);
  }

  /** Hands an event to every local listener; a failing listener does not stop the others. */
  protected final void deliver(Event event) {
    for (Consumer<Event> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "A bus listener failed on event " + event.id(), e);
      }
    }
  }

  @Override
  public void subscribe(Consumer<Event> listener) {
    listeners.add(listener);
  }

  @Override
  public void unsubscribe(Consumer<Event> listener) {
    listeners.remove(listener);
  }

  @Override
  public String kind() {
    return "in-process";
  }

  @Override
  public boolean connected() {
    return true;
  }
}
