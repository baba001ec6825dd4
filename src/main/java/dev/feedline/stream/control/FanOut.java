package dev.feedline.stream.control;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.metrics.control.FeedlineMetrics;
import dev.feedline.stream.entity.EventFrames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one event, in id order, on the dispatcher loop: a follow change updates the homes it
 * touches; anything else is serialized once per distinct feed list and queued to each matching live
 * connection. It only queues: idle subscribers' writers are started in a few batched tasks.
 */
final class FanOut {
  private static final Logger LOG = Logger.getLogger(FanOut.class.getName());

  private final SubscriptionIndex index;
  private final Executor writers;
  private final int writerThreads;
  private final FeedlineMetrics metrics;
  private final AtomicLong deliveries = new AtomicLong();
  private final List<Subscriber> toStart = new ArrayList<>();

  FanOut(SubscriptionIndex index, Executor writers, int writerThreads, FeedlineMetrics metrics) {
    this.index = index;
    this.writers = writers;
    this.writerThreads = writerThreads;
    this.metrics = metrics;
  }

  /** Events queued to connections so far. */
  long deliveries() {
    return deliveries.get();
  }

  /** Counts frames queued outside the fan-out (replays, held-back events). */
  void counted(long frames) {
    if (frames > 0) {
      deliveries.addAndGet(frames);
      metrics.delivered(frames);
    }
  }

  void dispatch(Event event) {
    if (event.type() == EventType.FOLLOW_CREATED || event.type() == EventType.FOLLOW_DELETED) {
      for (Connection c : List.copyOf(index.homesOf(event.actor()))) {
        if (c.applyFollow(event)) {
          index.update(c, true);
        }
      }
      return;
    }
    EventFrames frames = new EventFrames(event);
    long[] delivered = {0};
    index.forEachCandidate(
        event,
        c -> {
          if (deliver(c, event, frames)) {
            delivered[0]++;
          }
        });
    startWriters();
    if (delivered[0] > 0) {
      deliveries.addAndGet(delivered[0]);
      metrics.delivered(delivered[0]);
      metrics.latency(Duration.between(event.createdAt(), Instant.now()));
    }
  }

  private boolean deliver(Connection c, Event event, EventFrames frames) {
    if (!c.firstVisit(event.id()) || event.id() <= c.lastSent()) {
      return false;
    }
    List<String> feeds = c.matching(event);
    if (feeds.isEmpty()) {
      return false;
    }
    Subscriber out = c.subscriber();
    if (out.offerDeferringStart(frames.frame(feeds))) {
      toStart.add(out);
    }
    if (out.closed()) {
      return false;
    }
    c.sentUpTo(event.id());
    return true;
  }

  /**
   * Starts the writers of the subscribers that were idle, in one task per writer thread rather than
   * one per subscriber: handing work to another thread is most of a delivery's cost.
   */
  private void startWriters() {
    int count = toStart.size();
    if (count == 0) {
      return;
    }
    int tasks = Math.min(count, writerThreads);
    int per = (count + tasks - 1) / tasks;
    for (int from = 0; from < count; from += per) {
      List<Subscriber> chunk = new ArrayList<>(toStart.subList(from, Math.min(count, from + per)));
      try {
        writers.execute(() -> chunk.forEach(Subscriber::startWriting));
      } catch (RejectedExecutionException e) {
        LOG.log(Level.FINE, "Writers stopped; sends dropped", e);
      }
    }
    toStart.clear();
  }
}
