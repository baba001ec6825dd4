package dev.feedline.stream.control;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.Event;
import dev.feedline.store.control.Database;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts events in id order: the bus may bring them late, out of order or not at all, so an event
 * ahead of the next id waits while the missing ones are read from the store, and a poll of the
 * store finds what no bus message announced. Hands each id on exactly once, in order.
 */
final class EventSequencer {
  private static final Logger LOG = Logger.getLogger(EventSequencer.class.getName());
  private static final int FILL_BATCH = 1000;

  private final Scheduling loop;
  private final Database database;
  private final int holdMax;
  private final long fillDelayMs;
  private final Consumer<Event> next;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong position = new AtomicLong();

  // Owned by the loop.
  private long lastDispatched;
  private final TreeMap<Long, Event> early = new TreeMap<>();
  private boolean fillScheduled;
  private boolean stopped;

  EventSequencer(
      Scheduling loop, Database database, StreamSettings settings, Consumer<Event> next) {
    this.loop = loop;
    this.database = database;
    this.holdMax = settings.holdMaxEvents();
    this.fillDelayMs = settings.gapFillDelayMs();
    this.next = next;
  }

  /** Starts after {@code lastId}, the store's newest event when the node starts. */
  void startAfter(long lastId) {
    lastDispatched = lastId;
    position.set(lastId);
  }

  /** The newest event id handed on; readable from any thread. */
  long position() {
    return position.get();
  }

  /** Takes an event from the bus; never blocks. Overload drops it: the store has it. */
  void offer(Event event) {
    if (queued.incrementAndGet() > holdMax) {
      queued.decrementAndGet();
      return;
    }
    loop.run(
        () -> {
          queued.decrementAndGet();
          arrive(event);
        });
  }

  /** Stops reading the store for gaps (the node drains). */
  void stop() {
    loop.run(() -> stopped = true);
  }

  /** Checks the store for events no bus message announced; runs off the loop. */
  void poll() {
    try {
      long newest = database.inTransaction(EventLog::lastId);
      if (newest > position.get()) {
        loop.run(() -> scheduleFill(0));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Store poll failed", e);
    }
  }

  private void arrive(Event event) {
    if (event.id() <= lastDispatched) {
      return;
    }
    if (event.id() != lastDispatched + 1) {
      early.put(event.id(), event);
      while (early.size() > holdMax) {
        early.pollLastEntry();
      }
      scheduleFill(fillDelayMs);
      return;
    }
    handOn(event);
    Map.Entry<Long, Event> waiting;
    while ((waiting = early.firstEntry()) != null && waiting.getKey() <= lastDispatched + 1) {
      early.pollFirstEntry();
      if (waiting.getKey() == lastDispatched + 1) {
        handOn(waiting.getValue());
      }
    }
  }

  private void handOn(Event event) {
    lastDispatched = event.id();
    position.set(event.id());
    next.accept(event);
  }

  private void scheduleFill(long delayMs) {
    if (fillScheduled || stopped) {
      return;
    }
    fillScheduled = true;
    loop.later(delayMs, () -> loop.background(this::fill));
  }

  /** Reads what the bus has not brought from the store, in order; runs off the loop. */
  private void fill() {
    long after = position.get();
    List<Event> missing;
    try {
      missing = database.inTransaction(c -> EventLog.readAfter(c, after, FILL_BATCH));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Cannot read missing events yet", e);
      missing = List.of();
    }
    List<Event> found = missing;
    loop.run(
        () -> {
          fillScheduled = false;
          found.forEach(this::arrive);
          if (!early.isEmpty() || found.size() == FILL_BATCH) {
            scheduleFill(fillDelayMs);
          }
        });
  }
}
