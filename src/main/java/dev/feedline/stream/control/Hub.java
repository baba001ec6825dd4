package dev.feedline.stream.control;

import dev.feedline.bus.control.Bus;
import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.metrics.control.FeedlineMetrics;
import dev.feedline.store.control.Database;
import dev.feedline.stream.entity.ControlFrames;
import dev.feedline.stream.entity.EventFrames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node's fan-out. Events from the Bus are put in id order (a missing one is read from the
 * store), then each is serialized once and queued to every local connection whose feeds it belongs
 * to, found through an index from feed to connections. All index and connection state is owned by
 * one dispatcher thread, so nothing is locked; the dispatcher only queues, never sends.
 */
@ApplicationScoped
public class Hub {
  private static final Logger LOG = Logger.getLogger(Hub.class.getName());
  public static final int CLOSE_GOING_AWAY = 1001;
  public static final int CLOSE_TOO_MANY = 4029;

  @Inject Bus bus;
  @Inject Database database;
  @Inject StreamSettings settings;
  @Inject FeedlineMetrics metrics = FeedlineMetrics.NONE;

  private ExecutorService dispatcher;
  private ExecutorService workers;
  private ExecutorService writers;
  private ScheduledExecutorService timers;
  private Recovery recovery;
  private final Consumer<Event> listener = this::publish;

  // Owned by the dispatcher thread.
  private long lastDispatched;
  private final TreeMap<Long, Event> early = new TreeMap<>();
  private final Map<String, Set<Connection>> index = new HashMap<>();
  private final Map<String, Set<Connection>> homeByUser = new HashMap<>();
  private final Set<Connection> holding = new HashSet<>();
  private final List<Subscriber> toStart = new ArrayList<>();
  private boolean fillScheduled;

  // Shared.
  private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Integer> perUser = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger queuedEvents = new AtomicInteger();
  private final AtomicLong position = new AtomicLong();
  private final AtomicLong deliveries = new AtomicLong();
  private final Map<Feed.Kind, AtomicLong> subscriptions = new java.util.EnumMap<>(Feed.Kind.class);

  {
    for (Feed.Kind kind : Feed.Kind.values()) {
      subscriptions.put(kind, new AtomicLong());
    }
  }

  private volatile boolean started;
  private volatile boolean draining;
  private final java.util.concurrent.atomic.AtomicBoolean drainStarted =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.CountDownLatch drained =
      new java.util.concurrent.CountDownLatch(1);

  /** Starts dispatching from the store's newest event on; called once the schema is ready. */
  public synchronized void start() {
    if (started) {
      return;
    }
    recovery = new Recovery(database, settings.replayMaxEvents());
    dispatcher = Executors.newSingleThreadExecutor(threads("feedline-hub", 1));
    workers = Executors.newFixedThreadPool(2, threads("feedline-recovery", 2));
    writers =
        Executors.newFixedThreadPool(
            settings.writerThreads(), threads("feedline-writer", settings.writerThreads()));
    timers = Executors.newScheduledThreadPool(1, threads("feedline-timer", 1));
    lastDispatched = database.inTransaction(EventLog::lastId);
    position.set(lastDispatched);
    bus.subscribe(listener);
    timers.scheduleWithFixedDelay(
        this::poll, settings.pollIntervalMs(), settings.pollIntervalMs(), TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(
        this::keepAlive,
        settings.pingIntervalSeconds(),
        settings.pingIntervalSeconds(),
        TimeUnit.SECONDS);
    timers.scheduleWithFixedDelay(
        this::prune,
        settings.pruneIntervalSeconds(),
        settings.pruneIntervalSeconds(),
        TimeUnit.SECONDS);
    for (String transport : List.of("websocket", "sse")) {
      metrics.gauge(
          "feedline.connections",
          () -> connections(transport),
          new org.eclipse.microprofile.metrics.Tag("transport", transport));
    }
    for (Feed.Kind kind : Feed.Kind.values()) {
      metrics.gauge(
          "feedline.subscriptions",
          () -> subscriptions(kind),
          new org.eclipse.microprofile.metrics.Tag(
              "kind", kind.name().toLowerCase(java.util.Locale.ROOT)));
    }
    started = true;
    LOG.info("Hub started at event " + lastDispatched);
  }

  public boolean started() {
    return started;
  }

  public boolean draining() {
    return draining;
  }

  /** The newest event id this node has dispatched. */
  public long position() {
    return position.get();
  }

  /** Whether the dispatcher thread runs a trivial task within two seconds. */
  public boolean dispatcherResponsive() {
    java.util.concurrent.CompletableFuture<Boolean> probe =
        new java.util.concurrent.CompletableFuture<>();
    run(() -> probe.complete(true));
    try {
      return probe.get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      return false;
    }
  }

  public int connectionCount() {
    return connections.size();
  }

  public long deliveries() {
    return deliveries.get();
  }

  // ---- Inbound events -------------------------------------------------------------------

  /** Takes a committed event from the Bus; never blocks. Overload drops it: the store has it. */
  public void publish(Event event) {
    if (queuedEvents.incrementAndGet() > settings.holdMaxEvents()) {
      queuedEvents.decrementAndGet();
      return;
    }
    run(
        () -> {
          queuedEvents.decrementAndGet();
          arrive(event);
        });
  }

  private void arrive(Event event) {
    if (event.id() <= lastDispatched) {
      return;
    }
    if (event.id() != lastDispatched + 1) {
      early.put(event.id(), event);
      while (early.size() > settings.holdMaxEvents()) {
        early.pollLastEntry();
      }
      scheduleFill(settings.gapFillDelayMs());
      return;
    }
    dispatch(event);
    Map.Entry<Long, Event> next;
    while ((next = early.firstEntry()) != null && next.getKey() <= lastDispatched + 1) {
      early.pollFirstEntry();
      if (next.getKey() == lastDispatched + 1) {
        dispatch(next.getValue());
      }
    }
  }

  private void scheduleFill(long delayMs) {
    if (fillScheduled || draining) {
      return;
    }
    fillScheduled = true;
    timers.schedule(() -> workers.execute(this::fill), delayMs, TimeUnit.MILLISECONDS);
  }

  /** Reads what the bus has not brought from the store, in order. */
  private void fill() {
    long after = position.get();
    List<Event> missing;
    try {
      missing = database.inTransaction(c -> EventLog.readAfter(c, after, 1000));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Cannot read missing events yet", e);
      missing = List.of();
    }
    List<Event> found = missing;
    run(
        () -> {
          fillScheduled = false;
          found.forEach(this::arrive);
          if (!early.isEmpty() || found.size() == 1000) {
            scheduleFill(settings.gapFillDelayMs());
          }
        });
  }

  private void poll() {
    try {
      long newest = database.inTransaction(EventLog::lastId);
      if (newest > position.get()) {
        run(() -> scheduleFill(0));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Store poll failed", e);
    }
  }

  private void dispatch(Event event) {
    lastDispatched = event.id();
    position.set(event.id());
    for (Connection held : holding) {
      held.held.add(event);
    }
    holding.removeIf(
        c -> {
          if (c.held.size() > settings.holdMaxEvents()) {
            c.subscriber().close(Subscriber.CLOSE_TOO_SLOW, "too slow: resume from your last id");
            return true;
          }
          return false;
        });
    if (event.type() == EventType.FOLLOW_CREATED || event.type() == EventType.FOLLOW_DELETED) {
      Set<Connection> homes = homeByUser.get(event.actor());
      if (homes != null) {
        for (Connection c : homes) {
          if (!c.recovering && Connection.applyFollow(event, c.following, c.user())) {
            reindex(c);
          }
        }
      }
      return;
    }
    EventFrames frames = new EventFrames(event);
    long before = deliveries.get();
    deliver(index.get(Feed.PUBLIC.name()), event, frames);
    deliver(index.get("user:" + event.actor()), event, frames);
    for (String tag : event.tags()) {
      deliver(index.get("tag:" + tag), event, frames);
    }
    deliver(index.get("home:" + event.actor()), event, frames);
    startWriters();
    long delivered = deliveries.get() - before;
    if (delivered > 0) {
      metrics.delivered(delivered);
      metrics.latency(java.time.Duration.between(event.createdAt(), java.time.Instant.now()));
    }
  }

  private void deliver(Set<Connection> candidates, Event event, EventFrames frames) {
    if (candidates == null) {
      return;
    }
    for (Connection c : candidates) {
      if (c.dispatchMark == event.id() || c.recovering || event.id() <= c.lastSent) {
        continue;
      }
      c.dispatchMark = event.id();
      List<String> feeds = c.matching(event);
      if (feeds.isEmpty()) {
        continue;
      }
      Subscriber out = c.subscriber();
      if (out.offerDeferringStart(frames.frame(feeds))) {
        toStart.add(out);
      }
      if (!out.closed()) {
        c.lastSent = event.id();
        deliveries.incrementAndGet();
      }
    }
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
    int tasks = Math.min(count, settings.writerThreads());
    int per = (count + tasks - 1) / tasks;
    for (int from = 0; from < count; from += per) {
      List<Subscriber> chunk = new ArrayList<>(toStart.subList(from, Math.min(count, from + per)));
      try {
        writers.execute(() -> chunk.forEach(Subscriber::startWriting));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        LOG.log(Level.FINE, "Writers stopped; sends dropped", e);
      }
    }
    toStart.clear();
  }

  // ---- Connections ----------------------------------------------------------------------

  /**
   * Admits a connection, or answers the close code that refuses it (4029 over a limit, 1001 while
   * draining).
   */
  public int connect(Connection connection) {
    if (draining) {
      return CLOSE_GOING_AWAY;
    }
    if (open.incrementAndGet() > settings.maxConnections()) {
      open.decrementAndGet();
      return CLOSE_TOO_MANY;
    }
    String user = connection.user();
    if (user != null) {
      boolean[] admitted = {false};
      // Check and count in one step, so concurrent connects and disconnects cannot slip past.
      perUser.compute(
          user,
          (u, count) -> {
            int now = count == null ? 0 : count;
            admitted[0] = now < settings.maxConnectionsPerUser();
            return admitted[0] ? now + 1 : count;
          });
      if (!admitted[0]) {
        open.decrementAndGet();
        return CLOSE_TOO_MANY;
      }
    }
    connections.put(connection.id(), connection);
    return 0;
  }

  /** Forgets a connection that closed, for whatever reason. */
  public void disconnect(String id) {
    disconnect(id, 0);
  }

  /** Forgets a connection that closed with {@code code} (0: the code this node closed it with). */
  public void disconnect(String id, int code) {
    Connection connection = connections.remove(id);
    if (connection == null) {
      return;
    }
    int closedWith = connection.subscriber().closeCode();
    metrics.closed(
        connection.transport().kind(), code != 0 ? code : closedWith != 0 ? closedWith : 1000);
    connection.subscriber().close(1000, "closed");
    open.decrementAndGet();
    String user = connection.user();
    if (user != null) {
      perUser.computeIfPresent(user, (u, count) -> count <= 1 ? null : count - 1);
    }
    run(
        () -> {
          unindex(connection);
          countSubscriptions(connection.counted, -1);
          connection.counted = Set.of();
          holding.remove(connection);
          connection.feeds.clear();
          connection.pending.clear();
        });
  }

  public Connection connection(String id) {
    return connections.get(id);
  }

  /** Subscribes a connection to a feed; the answer (subscribed, replay, reset) comes as frames. */
  public void subscribe(Connection connection, Feed feed, Long since, JsonValue ref) {
    run(() -> onSubscribe(connection, new Recovery.Request(feed, since, ref)));
  }

  /** Subscribes to several feeds from one position at once, as one recovery (SSE). */
  public void subscribeAll(Connection connection, List<Feed> feeds, Long since) {
    run(
        () ->
            feeds.forEach(
                feed -> onSubscribe(connection, new Recovery.Request(feed, since, null))));
  }

  public void unsubscribe(Connection connection, Feed feed) {
    run(
        () -> {
          connection.pending.removeIf(r -> r.feed().equals(feed));
          if (connection.inFlight.removeIf(r -> r.feed().equals(feed))) {
            connection.inFlightCancelled = true;
          }
          if (connection.feeds.remove(feed)) {
            reindex(connection);
          }
          connection.subscriber().offer(ControlFrames.unsubscribed(feed.name()));
        });
  }

  private void onSubscribe(Connection c, Recovery.Request request) {
    if (!connections.containsKey(c.id())) {
      return;
    }
    if (c.feeds.contains(request.feed()) && !c.recovering) {
      c.subscriber().offer(ControlFrames.subscribed(request.feed().name(), lastDispatched));
      return;
    }
    if (c.feeds.size() + c.pending.size() >= settings.maxSubscriptions()) {
      c.subscriber().close(CLOSE_TOO_MANY, "too many subscriptions");
      return;
    }
    if (request.since() == null && request.feed().kind() != Feed.Kind.HOME && !c.recovering) {
      c.feeds.add(request.feed());
      reindex(c);
      c.subscriber().offer(ControlFrames.subscribed(request.feed().name(), lastDispatched));
      return;
    }
    c.pending.add(request);
    if (!c.recovering) {
      beginRecovery(c);
    } else if (request.since() != null && !c.inFlight.isEmpty()) {
      // A replay is being read and nothing of it has gone out yet: read it again with this feed
      // too, so every replayed event lists all the feeds it belongs to. Arriving later, after the
      // replay went out, the feed's events could only come again (never) or without it.
      c.inFlightCancelled = true;
    }
  }

  /** Holds live events back for {@code c} from now on, then plans its recovery. */
  private void beginRecovery(Connection c) {
    c.recovering = true;
    c.held = new ArrayList<>();
    holding.add(c);
    long upTo = lastDispatched;
    // Planned after a short window, so subscribe frames a client sends together recover together.
    timers.schedule(
        () -> run(() -> planRecovery(c, upTo)), settings.resumeWindowMs(), TimeUnit.MILLISECONDS);
  }

  private void planRecovery(Connection c, long upTo) {
    if (!connections.containsKey(c.id())) {
      return;
    }
    c.inFlight.clear();
    c.inFlight.addAll(c.pending);
    c.inFlightCancelled = false;
    c.pending.clear();
    Recovery.Plan plan =
        new Recovery.Plan(upTo, c.lastSent, c.user(), Set.copyOf(c.feeds), List.copyOf(c.inFlight));
    workers.execute(
        () -> {
          try {
            Recovery.Result result = recovery.recover(plan);
            run(() -> finishRecovery(c, result));
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Recovery failed: " + e.getMessage());
            run(() -> failRecovery(c, plan));
          }
        });
  }

  private void finishRecovery(Connection c, Recovery.Result recovered) {
    Recovery.Result result = recovered;
    if (!connections.containsKey(c.id())) {
      holding.remove(c);
      return;
    }
    if (c.inFlightCancelled) {
      // A feed was unsubscribed while this ran: plan again for what is still wanted.
      c.pending.addAll(0, c.inFlight);
      planRecovery(c, result.plan().upTo());
      return;
    }
    c.inFlight.clear();
    Subscriber out = c.subscriber();
    result = fitToQueue(result);
    long position = Math.max(result.plan().upTo(), result.cursor());
    for (Recovery.Request request : result.plan().requests()) {
      c.feeds.add(request.feed());
      out.offer(ControlFrames.subscribed(request.feed().name(), position));
    }
    for (Feed reset : result.resets()) {
      out.offer(ControlFrames.reset(reset.name()));
    }
    for (String frame : result.frames()) {
      out.offer(frame);
    }
    deliveries.addAndGet(result.frames().size());
    metrics.delivered(result.frames().size());
    if (result.plan().requests().stream().anyMatch(r -> r.since() != null)) {
      metrics.resumed();
    }
    for (int i = 0; i < result.resets().size(); i++) {
      metrics.reset();
    }
    c.lastSent = Math.max(c.lastSent, result.cursor());
    c.following = new HashSet<>(result.followingAtUpTo());
    catchUp(c);
  }

  /**
   * A replay larger than half the outbound queue would only end in 4008 and a resume that fails the
   * same way: such a client is told {@code reset} instead, and reloads the feed over REST.
   */
  private Recovery.Result fitToQueue(Recovery.Result result) {
    long chars = 0;
    for (String frame : result.frames()) {
      chars += frame.length();
    }
    if (chars <= settings.queueMaxBytes() / 2) {
      return result;
    }
    Set<Feed> resets = new java.util.LinkedHashSet<>(result.resets());
    for (Recovery.Request request : result.plan().requests()) {
      if (request.since() != null) {
        resets.add(request.feed());
      }
    }
    return new Recovery.Result(
        result.plan(),
        List.of(),
        result.plan().lastSent(),
        resets,
        result.followingAtUpTo(),
        Math.max(result.plan().lastSent(), result.plan().upTo()));
  }

  private void failRecovery(Connection c, Recovery.Plan plan) {
    c.inFlight.clear();
    for (Recovery.Request request : plan.requests()) {
      c.subscriber()
          .offer(
              ControlFrames.error(
                  "unavailable",
                  "Cannot subscribe to " + request.feed().name() + " now; try again.",
                  request.ref()));
    }
    catchUp(c);
  }

  /** Sends what was held back while {@code c} recovered and makes it live again. */
  private void catchUp(Connection c) {
    for (Event event : c.held) {
      if (Connection.applyFollow(event, c.following, c.user())) {
        continue;
      }
      List<String> feeds = c.matching(event);
      if (!feeds.isEmpty()
          && event.id() > c.lastSent
          && c.subscriber().offer(new EventFrames(event).frame(feeds))) {
        c.lastSent = event.id();
        deliveries.incrementAndGet();
      }
    }
    c.held = new ArrayList<>();
    c.recovering = false;
    holding.remove(c);
    reindex(c);
    if (!c.pending.isEmpty()) {
      beginRecovery(c);
    }
  }

  private void reindex(Connection c) {
    unindex(c);
    countSubscriptions(c.counted, -1);
    c.counted = Set.copyOf(c.feeds);
    countSubscriptions(c.counted, 1);
    for (Feed feed : c.feeds) {
      if (feed.kind() == Feed.Kind.HOME) {
        homeByUser.computeIfAbsent(c.user(), u -> new HashSet<>()).add(c);
        index.computeIfAbsent("home:" + c.user(), k -> new HashSet<>()).add(c);
        for (String followee : c.following) {
          index.computeIfAbsent("home:" + followee, k -> new HashSet<>()).add(c);
        }
      } else {
        index.computeIfAbsent(feed.name(), k -> new HashSet<>()).add(c);
      }
    }
    c.indexedKeys = keysOf(c);
  }

  private void countSubscriptions(Set<Feed> feeds, int delta) {
    for (Feed feed : feeds) {
      subscriptions.get(feed.kind()).addAndGet(delta);
    }
  }

  /** Open subscriptions of this node's connections to feeds of one kind. */
  public long subscriptions(Feed.Kind kind) {
    return subscriptions.get(kind).get();
  }

  /** Open connections of one transport ("websocket", "sse"). */
  public long connections(String transport) {
    return connections.values().stream()
        .filter(c -> c.transport().kind().equals(transport))
        .count();
  }

  private static Set<String> keysOf(Connection c) {
    Set<String> keys = new HashSet<>();
    for (Feed feed : c.feeds) {
      if (feed.kind() == Feed.Kind.HOME) {
        keys.add("home:" + c.user());
        c.following.forEach(f -> keys.add("home:" + f));
      } else {
        keys.add(feed.name());
      }
    }
    return keys;
  }

  private void unindex(Connection c) {
    for (String key : c.indexedKeys) {
      Set<Connection> set = index.get(key);
      if (set != null && set.remove(c) && set.isEmpty()) {
        index.remove(key);
      }
    }
    c.indexedKeys = Set.of();
    if (c.user() != null) {
      Set<Connection> homes = homeByUser.get(c.user());
      if (homes != null && homes.remove(c) && homes.isEmpty()) {
        homeByUser.remove(c.user());
      }
    }
  }

  // ---- Housekeeping ---------------------------------------------------------------------

  /** Creates a subscriber for a new connection, writing through this node's writer threads. */
  public Subscriber subscriber(Transport transport) {
    return new Subscriber(
        transport, settings.queueMaxBytes(), writers, metrics::slowConsumerClosed);
  }

  private void keepAlive() {
    long now = System.nanoTime();
    long timeout = TimeUnit.SECONDS.toNanos(settings.pongTimeoutSeconds());
    long nowSeconds = System.currentTimeMillis() / 1000;
    for (Connection c : connections.values()) {
      if (c.caller() != null && c.caller().expired(nowSeconds)) {
        // API.md: a token that expires mid-connection ends it with 1008; the client reconnects
        // with a fresh token and resumes.
        c.subscriber().close(1008, "token expired");
        disconnect(c.id());
      } else if (c.transport().kind().equals("websocket") && now - c.lastHeard > timeout) {
        c.subscriber().close(1001, "no answer to pings");
        disconnect(c.id());
      } else {
        c.subscriber().ping();
      }
    }
  }

  private void prune() {
    try {
      int removed = database.inTransaction(c -> EventLog.prune(c, settings.historyMaxEvents()));
      if (removed > 0) {
        LOG.fine("Pruned " + removed + " events from the history");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "History pruning failed", e);
    }
  }

  /**
   * Drains the node: no new connections; open ones are closed with 1001 spread over the drain
   * period so they reconnect elsewhere gradually, then the threads stop.
   */
  public void drain() {
    if (!started) {
      return;
    }
    if (!drainStarted.compareAndSet(false, true)) {
      awaitDrained(); // another thread drains: the caller (application stop) waits for it
      return;
    }
    try {
      drainConnections();
    } finally {
      drained.countDown();
    }
  }

  private void awaitDrained() {
    try {
      drained.await(settings.drainSeconds() + 5L, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drainConnections() {
    draining = true;
    List<Connection> open = new ArrayList<>(connections.values());
    // WebSockets first: an open SSE response is in-flight work the server's quiesce waits for,
    // which keeps the listener serving the WebSockets until they are closed properly.
    open.sort(Comparator.comparing(c -> c.transport().kind().equals("sse")));
    long drainMs = TimeUnit.SECONDS.toMillis(settings.drainSeconds());
    // Closes come in steps spread over the period, the first one step after readiness turned
    // DOWN, so load balancers stop sending first and clients reconnect elsewhere gradually.
    int steps = (int) Math.max(1, Math.min(open.size(), drainMs / 50));
    int perStep = (open.size() + steps - 1) / steps;
    long pause = drainMs / (steps + 1);
    LOG.info("Draining " + open.size() + " connections over " + settings.drainSeconds() + " s");
    for (int i = 0; i < open.size(); i++) {
      if (i % perStep == 0 && pause > 0) {
        try {
          TimeUnit.MILLISECONDS.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      Connection c = open.get(i);
      c.subscriber().close(CLOSE_GOING_AWAY, "node draining: reconnect and resume");
      disconnect(c.id());
    }
    // Whatever connected meanwhile (refused with 1001 already) or was left by an interrupt.
    for (Connection c : new ArrayList<>(connections.values())) {
      c.subscriber().close(CLOSE_GOING_AWAY, "node draining: reconnect and resume");
      disconnect(c.id());
    }
    bus.unsubscribe(listener);
    timers.shutdownNow();
    workers.shutdownNow();
    dispatcher.shutdown();
    writers.shutdown();
    try {
      writers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Drained");
  }

  private void run(Runnable task) {
    try {
      dispatcher.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.log(Level.FINE, "Hub stopped; task dropped", e);
    }
  }

  private static ThreadFactory threads(String name, int count) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, count == 1 ? name : name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
