package dev.feedline.stream.control;

import dev.feedline.events.entity.Event;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.metrics.control.FeedlineMetrics;
import dev.feedline.stream.entity.CloseCodes;
import dev.feedline.stream.entity.ControlFrames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each connection's subscribe state machine, on the dispatcher loop. A feed subscribed live (no
 * {@code since}) joins at once. Anything else makes the connection <em>resume</em>: live events are
 * held back for it from the position {@code upTo}; after a short window (so the subscribe frames a
 * client sends together recover together) the replay up to {@code upTo} is read off the loop; then
 * the replay and the held events after it go out ({@link CatchUp}), and it is live again. A
 * subscribe or unsubscribe that changes what is wanted while the replay is read makes it be read
 * again. Ids only ever increase.
 */
final class RecoveryCoordinator {
  private static final Logger LOG = Logger.getLogger(RecoveryCoordinator.class.getName());

  /** A connection resuming: requests waiting, the replay being read, events held since upTo. */
  private static final class Resume {
    final long upTo;
    final List<Recovery.Request> pending = new ArrayList<>();
    final List<Recovery.Request> inFlight = new ArrayList<>();
    final List<Event> held = new ArrayList<>();
    boolean reading;
    boolean stale;

    Resume(long upTo) {
      this.upTo = upTo;
    }
  }

  private final Scheduling loop;
  private final SubscriptionIndex index;
  private final Function<Recovery.Plan, Recovery.Result> replay;
  private final LongSupplier position;
  private final Predicate<Connection> open;
  private final StreamSettings settings;
  private final CatchUp catchUp;
  private final Map<Connection, Resume> resuming = new HashMap<>();

  RecoveryCoordinator(
      Scheduling loop,
      SubscriptionIndex index,
      Function<Recovery.Plan, Recovery.Result> replay,
      LongSupplier position,
      Predicate<Connection> open,
      StreamSettings settings,
      FeedlineMetrics metrics,
      LongConsumer delivered) {
    this.loop = loop;
    this.index = index;
    this.replay = replay;
    this.position = position;
    this.open = open;
    this.settings = settings;
    this.catchUp = new CatchUp(settings, metrics, delivered);
  }

  void subscribe(Connection c, Recovery.Request request) {
    if (!open.test(c)) {
      return;
    }
    Resume resume = resuming.get(c);
    Feed feed = request.feed();
    if (resume == null && c.feeds().contains(feed)) {
      c.subscriber().offer(ControlFrames.subscribed(feed.name(), position.getAsLong()));
      return;
    }
    if (tooMany(c, resume, feed)) {
      c.subscriber().close(CloseCodes.TOO_MANY, "too many subscriptions");
      return;
    }
    if (resume == null && request.since() == null && feed.kind() != Feed.Kind.HOME) {
      c.feeds().add(feed);
      index.update(c, true);
      c.subscriber().offer(ControlFrames.subscribed(feed.name(), position.getAsLong()));
      return;
    }
    if (resume == null) {
      resume = begin(c);
    } else if (resume.reading && request.since() != null) {
      // Nothing of the replay being read has gone out: read it again with this feed too, so every
      // replayed event lists all the feeds it belongs to.
      resume.stale = true;
    }
    resume.pending.add(request);
  }

  void unsubscribe(Connection c, Feed feed) {
    Resume resume = resuming.get(c);
    boolean changed = c.feeds().remove(feed);
    c.dropFloor(feed);
    if (resume != null) {
      changed |= resume.pending.removeIf(r -> r.feed().equals(feed));
      changed |= resume.inFlight.removeIf(r -> r.feed().equals(feed));
      // A replay being read may list the feed: read it again without.
      resume.stale |= changed && resume.reading;
    }
    if (changed) {
      index.update(c, resume == null);
    }
    c.subscriber().offer(ControlFrames.unsubscribed(feed.name()));
  }

  /** Holds {@code event} back for every resuming connection; one too far behind is closed. */
  void hold(Event event) {
    Iterator<Map.Entry<Connection, Resume>> all = resuming.entrySet().iterator();
    while (all.hasNext()) {
      Map.Entry<Connection, Resume> entry = all.next();
      List<Event> held = entry.getValue().held;
      held.add(event);
      if (held.size() > settings.holdMaxEvents()) {
        entry
            .getKey()
            .subscriber()
            .close(CloseCodes.TOO_SLOW, "too slow: resume from your last id");
        all.remove();
      }
    }
  }

  /** Forgets a connection that closed. */
  void forget(Connection c) {
    resuming.remove(c);
    index.remove(c);
  }

  private boolean tooMany(Connection c, Resume resume, Feed feed) {
    Set<Feed> wanted = new HashSet<>(c.feeds());
    if (resume != null) {
      resume.pending.forEach(r -> wanted.add(r.feed()));
      resume.inFlight.forEach(r -> wanted.add(r.feed()));
    }
    wanted.add(feed);
    return wanted.size() > settings.maxSubscriptions();
  }

  private Resume begin(Connection c) {
    Resume resume = new Resume(position.getAsLong());
    resuming.put(c, resume);
    index.update(c, false);
    loop.later(settings.resumeWindowMs(), () -> plan(c, resume));
    return resume;
  }

  private boolean current(Connection c, Resume resume) {
    if (resuming.get(c) != resume) {
      return false;
    }
    if (!open.test(c)) {
      forget(c);
      return false;
    }
    return true;
  }

  private void plan(Connection c, Resume resume) {
    if (!current(c, resume)) {
      return;
    }
    resume.inFlight.addAll(resume.pending);
    resume.pending.clear();
    resume.reading = true;
    resume.stale = false;
    Recovery.Plan plan =
        new Recovery.Plan(
            resume.upTo,
            c.lastSent(),
            c.user(),
            Set.copyOf(c.feeds()),
            List.copyOf(resume.inFlight));
    loop.background(
        () -> {
          Recovery.Result result;
          try {
            result = replay.apply(plan);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Recovery failed: " + e.getMessage());
            loop.run(() -> fail(c, resume, plan));
            return;
          }
          loop.run(() -> finish(c, resume, result));
        });
  }

  private void finish(Connection c, Resume resume, Recovery.Result replayed) {
    if (!current(c, resume)) {
      return;
    }
    resume.reading = false;
    if (resume.stale) {
      resume.pending.addAll(0, resume.inFlight);
      resume.inFlight.clear();
      plan(c, resume);
      return;
    }
    resume.inFlight.clear();
    catchUp.replay(c, replayed);
    goLive(c, resume);
  }

  private void fail(Connection c, Resume resume, Recovery.Plan plan) {
    if (!current(c, resume)) {
      return;
    }
    resume.reading = false;
    resume.inFlight.clear();
    for (Recovery.Request request : plan.requests()) {
      String why = "Cannot subscribe to " + request.feed().name() + " now; try again.";
      c.subscriber().offer(ControlFrames.error("unavailable", why, request.ref()));
    }
    if (!resume.pending.isEmpty()) {
      // Subscribes that came while this read failed still replay from where they asked.
      plan(c, resume);
      return;
    }
    goLive(c, resume);
  }

  /** Sends what was held back after the replay, then makes the connection live again. */
  private void goLive(Connection c, Resume resume) {
    catchUp.held(c, resume.held);
    resuming.remove(c);
    index.update(c, true);
    if (!resume.pending.isEmpty()) {
      begin(c).pending.addAll(resume.pending);
    }
  }
}
