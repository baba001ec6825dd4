package dev.feedline.stream.control;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.metrics.control.FeedlineMetrics;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One seeded schedule of the recovery state machine without a server: clients connect, subscribe
 * (with and without {@code since}, several feeds each), unsubscribe and disconnect, while posts are
 * committed and dispatched, and replay reads finish early, late or fail, in an order the seed
 * picks. Then everything runs out, and each connection's frames are checked against the event log.
 */
final class ScheduleRun {
  // One factory: Json.createReader looks its provider up on every call.
  private static final JsonProvider JSON = JsonProvider.provider();
  private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());
  private static final List<String> AUTHORS = List.of("ann", "bob");
  private static final List<String> TAGS = List.of("x", "y");
  private static final List<Feed> FEEDS =
      List.of(
          Feed.PUBLIC,
          Feed.parse("user:ann"),
          Feed.parse("user:bob"),
          Feed.parse("tag:x"),
          Feed.parse("tag:y"));

  /** What the schedule exercised, summed over runs so a test can tell it checked something. */
  static final class Tally {
    long checkedFeeds;
    long resets;
    long replaysRead;
    long events;

    void add(Tally other) {
      checkedFeeds += other.checkedFeeds;
      resets += other.resets;
      replaysRead += other.replaysRead;
      events += other.events;
    }
  }

  /** A connection and what its client asked for. */
  private static final class Client {
    final Connection connection;
    final SimTransport transport;
    final Map<Feed, Long> requested = new LinkedHashMap<>();
    final Set<Feed> unsubscribed = new HashSet<>();
    final Map<Feed, Long> sentAtArrival = new HashMap<>();
    final List<JsonObject> parsed = new ArrayList<>();
    long cursor;
    long received;
    boolean disconnected;

    Client(Connection connection, SimTransport transport) {
      this.connection = connection;
      this.transport = transport;
    }

    /** The client's one resume position: the newest event it holds (or the page it started at). */
    long cursor() {
      frames();
      return cursor;
    }

    /** Every frame received so far, parsed once. */
    List<JsonObject> frames() {
      List<String> raw = transport.frames;
      for (int i = parsed.size(); i < raw.size(); i++) {
        JsonObject frame = parse(raw.get(i));
        parsed.add(frame);
        if (frame.getString("type").contains(".")) {
          received = Long.parseLong(frame.getString("id"));
          cursor = Math.max(cursor, received);
        }
      }
      return parsed;
    }
  }

  /** A wire that records frames and completes every send at once. */
  private static final class SimTransport implements Transport {
    final List<String> frames = new ArrayList<>();
    int closedWith;

    @Override
    public void send(String text, Consumer<Throwable> done) {
      frames.add(text);
      done.accept(null);
    }

    @Override
    public void ping(Consumer<Throwable> done) {
      done.accept(null);
    }

    @Override
    public void close(int code, String reason) {
      closedWith = code;
    }

    @Override
    public String kind() {
      return "websocket";
    }
  }

  private final long seed;
  private final Random random;
  private final SimulatedScheduling threads = new SimulatedScheduling();
  private final MemoryHistory history = new MemoryHistory();
  private final Deque<Event> bus = new ArrayDeque<>();
  private final Set<Connection> open = new HashSet<>();
  private final List<Client> clients = new ArrayList<>();
  private final RecoveryCoordinator recovery;
  private final FanOut fanOut;
  private final int maxReplay;
  private final double failureRate;
  private final Tally tally = new Tally();
  private long position;
  private int connectionIds;

  ScheduleRun(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
    this.maxReplay = random.nextBoolean() ? 10_000 : 1 + random.nextInt(20);
    this.failureRate = random.nextInt(4) == 0 ? 0.2 : 0;
    StreamSettings settings = new StreamSettings();
    settings.queueMaxBytes = 1 << 24;
    settings.maxSubscriptions = 50;
    settings.holdMaxEvents = 10_000;
    settings.resumeWindowMs = 100;
    SubscriptionIndex index = new SubscriptionIndex();
    fanOut = new FanOut(index, Runnable::run, 1, FeedlineMetrics.NONE);
    recovery =
        new RecoveryCoordinator(
            threads,
            index,
            this::replay,
            () -> position,
            open::contains,
            settings,
            FeedlineMetrics.NONE,
            fanOut::counted);
  }

  private Recovery.Result replay(Recovery.Plan plan) {
    tally.replaysRead++;
    if (random.nextDouble() < failureRate) {
      throw new IllegalStateException("the store is unreachable");
    }
    try {
      return Recovery.replay(plan, history, maxReplay);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the schedule and checks every connection; answers what it exercised. */
  Tally run() {
    int steps = 20 + random.nextInt(100);
    for (int i = 0; i < steps; i++) {
      step();
    }
    while (!bus.isEmpty() || !threads.idle()) {
      if (!bus.isEmpty()) {
        deliverNext();
      } else if (!threads.runLoop() && !threads.runBackground(random)) {
        threads.fireTimer();
      }
    }
    clients.forEach(this::check);
    tally.events += history.all().size();
    return tally;
  }

  private void step() {
    int choice = random.nextInt(100);
    if (choice < 15) {
      commit();
    } else if (choice < 30) {
      if (!bus.isEmpty()) {
        deliverNext();
      }
    } else if (choice < 50) {
      threads.runLoop();
    } else if (choice < 58) {
      threads.fireTimer();
    } else if (choice < 68) {
      threads.runBackground(random);
    } else {
      clientAction();
    }
  }

  private void commit() {
    long id = history.lastId() + 1;
    String author = AUTHORS.get(random.nextInt(AUTHORS.size()));
    List<String> tags = new ArrayList<>();
    for (String tag : TAGS) {
      if (random.nextBoolean()) {
        tags.add(tag);
      }
    }
    String data = "{\"id\":\"" + id + "\",\"author\":\"" + author + "\"}";
    Event event =
        new Event(id, EventType.POST_CREATED, id, author, null, tags, data, Instant.EPOCH);
    history.append(event);
    bus.add(event);
  }

  /** The bus hands the next committed event to the loop, in id order (the sequencer's job). */
  private void deliverNext() {
    Event event = bus.poll();
    threads.run(
        () -> {
          position = event.id();
          recovery.hold(event);
          fanOut.dispatch(event);
        });
  }

  private void clientAction() {
    List<Client> live = clients.stream().filter(c -> !c.disconnected).toList();
    int choice = random.nextInt(10);
    if (live.isEmpty() || (choice == 0 && clients.size() < 4)) {
      connect();
      return;
    }
    Client client = live.get(random.nextInt(live.size()));
    if (choice == 1) {
      client.disconnected = true;
      open.remove(client.connection);
      threads.run(() -> recovery.forget(client.connection));
    } else if (choice == 2 && !client.requested.isEmpty()) {
      List<Feed> asked = new ArrayList<>(client.requested.keySet());
      Feed feed = asked.get(random.nextInt(asked.size()));
      client.unsubscribed.add(feed);
      threads.run(() -> recovery.unsubscribe(client.connection, feed));
    } else {
      subscribe(client);
    }
  }

  private void connect() {
    SimTransport transport = new SimTransport();
    Subscriber subscriber = new Subscriber(transport, 1 << 24, Runnable::run);
    Client client = new Client(new Connection("c" + ++connectionIds, null, subscriber), transport);
    // A client that read a page first starts from its position, which may be ahead of dispatch.
    client.cursor = random.nextInt(3) == 0 ? random.nextInt((int) history.lastId() + 1) : 0;
    open.add(client.connection);
    clients.add(client);
  }

  private void subscribe(Client client) {
    List<Feed> fresh = new ArrayList<>(FEEDS);
    fresh.removeAll(client.requested.keySet());
    if (fresh.isEmpty()) {
      return;
    }
    Feed feed = fresh.get(random.nextInt(fresh.size()));
    Long since = random.nextInt(3) == 0 ? null : client.cursor();
    client.requested.put(feed, since);
    Recovery.Request request = new Recovery.Request(feed, since, JSON.createValue(feed.name()));
    threads.run(
        () -> {
          client.frames();
          client.sentAtArrival.put(feed, client.received);
          recovery.subscribe(client.connection, request);
        });
  }

  private void check(Client client) {
    Map<String, Long> subscribed = new HashMap<>();
    Set<String> resets = new HashSet<>();
    Set<String> failed = new HashSet<>();
    Map<Long, JsonObject> events = new HashMap<>();
    long previous = 0;
    for (JsonObject frame : client.frames()) {
      String type = frame.getString("type");
      switch (type) {
        case "subscribed" -> {
          String feed = frame.getString("feed");
          subscribed.putIfAbsent(feed, Long.parseLong(frame.getString("position")));
        }
        case "reset" -> {
          Feed feed = Feed.parse(frame.getString("feed"));
          Long since = client.requested.get(feed);
          expect(since != null, client, "reset of a live subscribe " + feed);
          expect(resetAllowed(client, feed, since), client, "reset " + feed);
          resets.add(feed.name());
        }
        case "error" -> failed.add(frame.getString("ref"));
        case "unsubscribed" -> {}
        default -> {
          long id = Long.parseLong(frame.getString("id"));
          expect(id > previous, client, "ids must increase: " + previous + " then " + id);
          previous = id;
          events.put(id, frame);
          Event event = history.all().get((int) id - 1);
          for (String name : frame.getJsonArray("feeds").getValuesAs(JsonString::getString)) {
            expect(subscribed.containsKey(name), client, id + " lists " + name + " early");
            expect(FeedRouting.belongs(event, Feed.parse(name), Set.of(), null), client, id + name);
          }
        }
      }
    }
    tally.resets += resets.size();
    if (client.disconnected || client.transport.closedWith != 0) {
      return;
    }
    client.requested.forEach(
        (feed, since) -> {
          if (client.unsubscribed.contains(feed)) {
            return;
          }
          String name = feed.name();
          expect(
              subscribed.containsKey(name) || failed.contains(name), client, name + " unanswered");
          if (failed.contains(name)) {
            return;
          }
          long start =
              since == null || resets.contains(name) ? subscribed.get(name) : Math.max(since, 0);
          for (Event event : history.all()) {
            if (event.id() > start && FeedRouting.belongs(event, feed, Set.of(), null)) {
              JsonObject got = events.get(event.id());
              expect(got != null, client, name + " missed " + event.id() + " (from " + start + ")");
              List<String> listed = got.getJsonArray("feeds").getValuesAs(JsonString::getString);
              expect(listed.contains(name), client, event.id() + " does not list " + name);
            }
          }
          tally.checkedFeeds++;
        });
  }

  /**
   * A reset is the answer only when the replay would be longer than allowed (one replay serves all
   * the feeds recovered together, from the oldest {@code since} among them), or when an event of
   * the feed after {@code since} lies at or below what the connection had been sent when its
   * subscribe reached the loop (it cannot be sent in order any more; nothing goes out to a
   * connection between that and its replay).
   */
  private boolean resetAllowed(Client client, Feed feed, long since) {
    long sentBefore = client.sentAtArrival.get(feed);
    long oldest =
        client.requested.values().stream()
            .filter(Objects::nonNull)
            .mapToLong(Long::longValue)
            .min()
            .orElse(since);
    long after = history.all().stream().filter(e -> e.id() > oldest).count();
    return after > maxReplay
        || history.all().stream()
            .anyMatch(
                e ->
                    e.id() > since
                        && e.id() <= sentBefore
                        && FeedRouting.belongs(e, feed, Set.of(), null));
  }

  private void expect(boolean holds, Client client, String what) {
    if (!holds) {
      throw new AssertionError(
          "seed "
              + seed
              + ", connection "
              + client.connection.id()
              + " asked "
              + client.requested
              + ", unsubscribed "
              + client.unsubscribed
              + ": "
              + what
              + "\nframes: "
              + client.transport.frames);
    }
  }

  private static JsonObject parse(String frame) {
    try (JsonReader reader = READERS.createReader(new StringReader(frame))) {
      return reader.readObject();
    }
  }
}
