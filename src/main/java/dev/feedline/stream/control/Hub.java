package dev.feedline.stream.control;

import dev.feedline.bus.control.Bus;
import dev.feedline.events.control.EventLog;
import dev.feedline.events.control.HistoryPruning;
import dev.feedline.events.entity.Event;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.metrics.control.FeedlineMetrics;
import dev.feedline.store.control.Database;
import dev.feedline.stream.entity.CloseCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * This node's stream engine, as the endpoints see it: admits connections, takes their subscribe and
 * unsubscribe frames, and takes committed events from the Bus. Behind it, in order: the {@link
 * EventSequencer} puts events in id order, the {@link RecoveryCoordinator} holds them back for
 * connections that resume, and the {@link FanOut} queues each to the live connections the {@link
 * SubscriptionIndex} names. All of that state belongs to one dispatcher loop, so nothing is locked.
 */
@ApplicationScoped
public class Hub {
  private static final Logger LOG = Logger.getLogger(Hub.class.getName());
  private static final long STALL_CHECK_MS = 1000;

  @Inject Bus bus;
  @Inject Database database;
  @Inject StreamSettings settings;
  @Inject FeedlineMetrics metrics = FeedlineMetrics.NONE;

  private StreamThreads threads;
  private ConnectionRegistry connections;
  private SubscriptionIndex index;
  private RecoveryCoordinator recovery;
  private FanOut fanOut;
  private EventSequencer sequencer;
  private Drain drain;
  private final CallWatch calls = new CallWatch();
  private StallWatch stallWatch;
  private PingLane pingLane;
  private final Consumer<Event> listener = this::publish;
  private volatile boolean started;

  /** Starts dispatching from the store's newest event on; called once the schema is ready. */
  public synchronized void start() {
    if (started) {
      return;
    }
    threads =
        new StreamThreads(
            settings.writerThreads(), settings.closerThreads(), settings.pingerThreads());
    pingLane = new PingLane(threads.pingers(), calls);
    connections = new ConnectionRegistry(settings);
    index = new SubscriptionIndex();
    fanOut = new FanOut(index, threads.writers(), settings.writerThreads(), metrics);
    sequencer = new EventSequencer(threads, database, settings, this::dispatch);
    recovery =
        new RecoveryCoordinator(
            threads,
            index,
            new Recovery(database, settings.replayMaxEvents())::recover,
            sequencer::position,
            connections::isOpen,
            settings,
            metrics,
            fanOut::counted);
    Consumer<Connection> closed = c -> disconnect(c.id());
    drain = new Drain(connections, settings.drainSeconds(), closed);
    sequencer.startAfter(database.inTransaction(EventLog::lastId));
    bus.subscribe(listener);
    threads.everyInBackground(settings.pollIntervalMs(), sequencer::poll);
    long pingMs = TimeUnit.SECONDS.toMillis(settings.pingIntervalSeconds());
    threads.every(pingMs, new KeepAlive(connections, settings, closed));
    stallWatch =
        new StallWatch(
            connections, calls, settings.stuckCallLimitSeconds(), threads::replaceStuck, closed);
    threads.every(STALL_CHECK_MS, stallWatch);
    threads.everyInHousekeeping(
        TimeUnit.SECONDS.toMillis(settings.pruneIntervalSeconds()),
        new HistoryPruning(database, settings.historyMaxEvents(), settings.pruneBatchEvents()));
    connections.registerGauges(metrics);
    metrics.gauge("feedline.stream.longest.call.seconds", this::longestCallSeconds);
    metrics.gauge("feedline.stream.stuck.calls", () -> stallWatch.stuck().size());
    index.registerGauges(metrics);
    started = true;
    LOG.info(
        "Hub started at event "
            + sequencer.position()
            + "; sends time out after "
            + settings.sendTimeoutMs()
            + " ms");
  }

  /** Where WebSocket pings that may wait on their peer go. */
  public PingLane pingLane() {
    return pingLane;
  }

  /**
   * A call to a transport stuck past the stuck-call limit whose thread could not be replaced (the
   * node is impaired), or null.
   */
  public CallWatch.Call impairingCall() {
    return stallWatch == null ? null : stallWatch.impairing();
  }

  /** How many calls to transports are stuck past the stuck-call limit now. */
  public int stuckCalls() {
    return stallWatch == null ? 0 : stallWatch.stuck().size();
  }

  private double longestCallSeconds() {
    CallWatch.Call longest = calls.longest();
    return longest == null ? 0 : longest.nanos() / 1e9;
  }

  private void dispatch(Event event) {
    recovery.hold(event);
    fanOut.dispatch(event);
  }

  public boolean started() {
    return started;
  }

  public boolean draining() {
    return drain != null && drain.draining();
  }

  /** The newest event id this node has dispatched. */
  public long position() {
    return sequencer.position();
  }

  /** Whether the dispatcher thread runs a trivial task within two seconds. */
  public boolean dispatcherResponsive() {
    return threads.dispatcherResponsive();
  }

  public int connectionCount() {
    return connections.size();
  }

  public long deliveries() {
    return fanOut.deliveries();
  }

  /** Open subscriptions of this node's connections to feeds of one kind. */
  public long subscriptions(Feed.Kind kind) {
    return index.subscriptions(kind);
  }

  /** Open connections of one transport ("websocket", "sse"). */
  public long connections(String transport) {
    return connections.count(transport);
  }

  /** Takes a committed event from the Bus; never blocks. */
  public void publish(Event event) {
    sequencer.offer(event);
  }

  /** Creates a subscriber for a new connection, writing through this node's writer threads. */
  public Subscriber subscriber(Transport transport) {
    return new Subscriber(
        transport,
        settings.queueMaxBytes(),
        threads.writers(),
        threads.closers(),
        metrics::slowConsumerClosed,
        calls,
        TimeUnit.MILLISECONDS.toNanos(settings.sendTimeoutMs()));
  }

  /**
   * Admits a connection, or answers the close code refusing it (4029 over a limit, 1001 draining).
   */
  public int connect(Connection connection) {
    if (draining()) {
      return CloseCodes.GOING_AWAY;
    }
    return connections.admit(connection) ? 0 : CloseCodes.TOO_MANY;
  }

  public Connection connection(String id) {
    return connections.get(id);
  }

  /** Forgets a connection that closed, for whatever reason. */
  public void disconnect(String id) {
    disconnect(id, 0);
  }

  /** Forgets a connection that closed with {@code code} (0: the code this node closed it with). */
  public void disconnect(String id, int code) {
    Connection c = connections.remove(id);
    if (c == null) {
      return;
    }
    int closedWith = c.subscriber().closeCode();
    metrics.closed(
        c.transport().kind(), code != 0 ? code : closedWith != 0 ? closedWith : CloseCodes.NORMAL);
    c.subscriber().close(CloseCodes.NORMAL, "closed");
    threads.run(() -> recovery.forget(c));
  }

  /** Subscribes a connection to a feed; the answer (subscribed, replay, reset) comes as frames. */
  public void subscribe(Connection connection, Feed feed, Long since, JsonValue ref) {
    threads.run(() -> recovery.subscribe(connection, new Recovery.Request(feed, since, ref)));
  }

  /** Subscribes to several feeds from one position at once, as one recovery (SSE). */
  public void subscribeAll(Connection connection, List<Feed> feeds, Long since) {
    threads.run(
        () ->
            feeds.forEach(
                feed -> recovery.subscribe(connection, new Recovery.Request(feed, since, null))));
  }

  public void unsubscribe(Connection connection, Feed feed) {
    threads.run(() -> recovery.unsubscribe(connection, feed));
  }

  /** Drains the node as {@link Drain} says (1001 to each connection, spread out), then stops. */
  public void drain() {
    if (!started) {
      return;
    }
    drain.run(
        () -> {
          sequencer.stop();
          bus.unsubscribe(listener);
          threads.stop();
        });
  }
}
