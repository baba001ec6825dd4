package dev.feedline.stream.control;

import dev.feedline.events.entity.Event;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.metrics.control.FeedlineMetrics;
import dev.feedline.stream.entity.ControlFrames;
import dev.feedline.stream.entity.EventFrames;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Brings a resuming connection up to date, on the dispatcher loop, once the {@link
 * RecoveryCoordinator} has its replay: first what {@link Recovery} read (the subscribed answers,
 * the resets and the missed events), then the live events held back meanwhile. Counts the frames it
 * queues as delivered.
 */
final class CatchUp {
  private final StreamSettings settings;
  private final FeedlineMetrics metrics;
  private final LongConsumer delivered;

  CatchUp(StreamSettings settings, FeedlineMetrics metrics, LongConsumer delivered) {
    this.settings = settings;
    this.metrics = metrics;
    this.delivered = delivered;
  }

  /**
   * Sends the replay, cut to a reset if it would fill more than half the outbound queue, and takes
   * up its view of the connection: the feeds, the cursor, the floors and the home's follow set.
   */
  void replay(Connection c, Recovery.Result replayed) {
    Recovery.Result result = replayed.fitTo(settings.queueMaxBytes() / 2);
    Subscriber out = c.subscriber();
    long at = Math.max(result.plan().upTo(), result.cursor());
    for (Recovery.Request request : result.plan().requests()) {
      c.feeds().add(request.feed());
      out.offer(ControlFrames.subscribed(request.feed().name(), at));
    }
    for (Feed reset : result.resets()) {
      out.offer(ControlFrames.reset(reset.name()));
      metrics.reset();
    }
    result.frames().forEach(out::offer);
    delivered.accept(result.frames().size());
    if (result.plan().requests().stream().anyMatch(r -> r.since() != null)) {
      metrics.resumed();
    }
    c.sentUpTo(result.lastFrameId());
    result.floors().forEach(c::floor);
    c.following(result.followingAtUpTo());
  }

  /** Sends the events held back while the replay was read, as live delivery would have. */
  void held(Connection c, List<Event> held) {
    long sent = 0;
    for (Event event : held) {
      if (c.applyFollow(event)) {
        continue;
      }
      List<String> feeds = c.matching(event);
      if (!feeds.isEmpty() && c.send(event.id(), new EventFrames(event).frame(feeds))) {
        sent++;
      }
    }
    delivered.accept(sent);
  }
}
