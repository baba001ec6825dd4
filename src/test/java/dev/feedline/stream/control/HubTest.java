package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.auth.entity.Caller;
import dev.feedline.bus.control.Bus;
import dev.feedline.bus.control.LocalBus;
import dev.feedline.events.entity.Event;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.markers.control.MarkerStore;
import dev.feedline.posts.control.LikeStore;
import dev.feedline.posts.control.PostStore;
import dev.feedline.store.control.Database;
import dev.feedline.store.control.SqlWork;
import dev.feedline.store.control.StoreTestCase;
import dev.feedline.store.control.TestDatabases.Kind;
import dev.feedline.stream.control.RecordingTransport.Mode;
import dev.feedline.stream.entity.CloseCodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Drives a real Hub on a real H2 store, with recording transports in place of sockets. */
class HubTest extends StoreTestCase {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final AtomicInteger CONNECTION_IDS = new AtomicInteger();

  private final List<Hub> hubs = new ArrayList<>();
  private final List<GatedDatabase> gates = new ArrayList<>();
  private Bus bus;

  HubTest() {
    super(Kind.H2);
  }

  @AfterEach
  void drainHubs() {
    gates.forEach(g -> g.release.countDown());
    gates.clear();
    hubs.forEach(Hub::drain);
    hubs.clear();
  }

  // ---- Set-up -----------------------------------------------------------------------------

  private Hub start(Consumer<StreamSettings> tweak) {
    return start(tweak, database);
  }

  private Hub start(Consumer<StreamSettings> tweak, Database store) {
    StreamSettings settings = new StreamSettings();
    settings.queueMaxBytes = 1 << 20;
    settings.maxFrameBytes = 4096;
    settings.maxSubscriptions = 50;
    settings.maxConnections = 1000;
    settings.maxConnectionsPerUser = 20;
    settings.maxBadFrames = 10;
    settings.pingIntervalSeconds = 3600;
    settings.pongTimeoutSeconds = 3600;
    settings.drainSeconds = 0;
    settings.replayMaxEvents = 10_000;
    settings.historyMaxEvents = 10_000_000;
    settings.holdMaxEvents = 10_000;
    settings.gapFillDelayMs = 50;
    settings.pollIntervalMs = 200;
    settings.pruneIntervalSeconds = 3600;
    settings.pruneBatchEvents = 5000;
    settings.writerThreads = 2;
    settings.closerThreads = 2;
    settings.pingerThreads = 2;
    settings.sendTimeoutMs = 10_000;
    settings.stuckCallLimitSeconds = 30;
    settings.resumeWindowMs = 5;
    tweak.accept(settings);
    bus = new LocalBus();
    Hub hub = new Hub();
    hub.bus = bus;
    hub.database = store;
    hub.settings = settings;
    hub.start();
    hubs.add(hub);
    return hub;
  }

  private Event commit(String author, String... tags) {
    List<String> list = Arrays.asList(tags);
    return new PostStore(database).create(author, "text by " + author, list, list).event();
  }

  private Event publish(Event event) {
    bus.publish(event);
    return event;
  }

  private Event post(String author, String... tags) {
    return publish(commit(author, tags));
  }

  private Event follow(String follower, String followee) {
    return publish(new FollowStore(database).follow(follower, followee).get(0));
  }

  private Event unfollow(String follower, String followee) {
    return publish(new FollowStore(database).unfollow(follower, followee).get(0));
  }

  private static String tag(String name) {
    return user(name).toLowerCase(Locale.ROOT);
  }

  private static JsonObject parse(String frame) {
    return Json.createReader(new StringReader(frame)).readObject();
  }

  private static boolean isEvent(JsonObject frame) {
    return frame.getString("type").contains(".");
  }

  private static long id(JsonObject event) {
    return Long.parseLong(event.getString("id"));
  }

  private static List<String> feeds(JsonObject event) {
    return event.getJsonArray("feeds").getValuesAs(JsonString::getString);
  }

  /** A client of the hub: a connection whose frames a recording transport keeps. */
  private static final class Client {
    final Hub hub;
    final RecordingTransport transport = new RecordingTransport(Mode.INLINE);
    final Connection connection;

    Client(Hub hub, String user) {
      this.hub = hub;
      Caller caller = user == null ? null : new Caller(user, Set.of("user"));
      connection =
          new Connection(
              "connection-" + CONNECTION_IDS.incrementAndGet(), caller, hub.subscriber(transport));
    }

    int connect() {
      return hub.connect(connection);
    }

    List<JsonObject> frames() {
      return transport.frames().stream().map(HubTest::parse).toList();
    }

    List<JsonObject> events() {
      return frames().stream().filter(HubTest::isEvent).toList();
    }

    List<Long> eventIds() {
      return events().stream().map(HubTest::id).toList();
    }

    JsonObject event(long id) {
      return events().stream().filter(e -> id(e) == id).findFirst().orElseThrow();
    }

    long control(String type, String feed) {
      return frames().stream()
          .filter(f -> f.getString("type").equals(type) && feed.equals(f.getString("feed", null)))
          .count();
    }

    /** Sends a subscribe and waits for its {@code subscribed} answer, which it returns. */
    JsonObject subscribe(String feed, Long since) {
      long before = control("subscribed", feed);
      hub.subscribe(connection, Feed.parse(feed), since, null);
      transport.await("subscribed to " + feed, BOUND, () -> control("subscribed", feed) > before);
      return frames().stream()
          .filter(f -> f.getString("type").equals("subscribed") && feed.equals(f.getString("feed")))
          .reduce((a, b) -> b)
          .orElseThrow();
    }

    JsonObject subscribe(String feed) {
      return subscribe(feed, null);
    }

    void awaitEvent(long id) {
      transport.await("event " + id, BOUND, () -> eventIds().contains(id));
    }

    void awaitControl(String type, String feed) {
      transport.await(type + " " + feed, BOUND, () -> control(type, feed) > 0);
    }
  }

  private Client connected(Hub hub, String user) {
    Client client = new Client(hub, user);
    assertEquals(0, client.connect());
    return client;
  }

  /** A store whose snapshot reads (Recovery's) wait until the test lets them go on. */
  static final class GatedDatabase extends Database {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    GatedDatabase(DataSource dataSource) {
      super(dataSource);
    }

    @Override
    public <T> T inSnapshot(SqlWork<T> work) {
      entered.countDown();
      try {
        if (!release.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return super.inSnapshot(work);
    }
  }

  private GatedDatabase gated() {
    GatedDatabase gate = new GatedDatabase(dataSource);
    gates.add(gate);
    return gate;
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    assertTrue(latch.await(BOUND.toSeconds(), TimeUnit.SECONDS), "timed out");
  }

  // ---- Fan-out ----------------------------------------------------------------------------

  @Test
  void anEventReachesEachMatchingConnectionOnceListingEveryMatchingFeed() {
    Hub hub = start(s -> {});
    String bob = user("bob");
    String carol = user("carol");
    String alice = user("alice");
    String x = tag("x");
    Client both = connected(hub, null);
    both.subscribe("user:" + bob);
    both.subscribe("public");
    both.subscribe("tag:" + x);
    Client tagOnly = connected(hub, null);
    tagOnly.subscribe("tag:" + x);
    Client bobsHome = connected(hub, bob);
    bobsHome.subscribe("home");
    Client carolsFeed = connected(hub, null);
    carolsFeed.subscribe("user:" + carol);
    Client alicesHome = connected(hub, alice);
    alicesHome.subscribe("home");

    Event e = post(bob, x);
    Event next = post(bob, x);
    Event carols = post(carol);
    Event alices = post(alice);

    both.awaitEvent(alices.id());
    tagOnly.awaitEvent(next.id());
    bobsHome.awaitEvent(next.id());
    carolsFeed.awaitEvent(carols.id());
    alicesHome.awaitEvent(alices.id());
    assertEquals(List.of(e.id(), next.id(), carols.id(), alices.id()), both.eventIds());
    assertEquals(List.of("user:" + bob, "public", "tag:" + x), feeds(both.event(e.id())));
    assertEquals(List.of("public"), feeds(both.event(carols.id())));
    assertEquals(List.of(e.id(), next.id()), tagOnly.eventIds());
    assertEquals(List.of("tag:" + x), feeds(tagOnly.event(e.id())));
    assertEquals(List.of(e.id(), next.id()), bobsHome.eventIds());
    assertEquals(List.of("home"), feeds(bobsHome.event(e.id())));
    assertEquals(List.of(carols.id()), carolsFeed.eventIds(), "no one else's events");
    assertEquals(List.of(alices.id()), alicesHome.eventIds(), "not bob's: alice does not follow");
    assertEquals(parse(e.data()), both.event(e.id()).getJsonObject("data"));
  }

  @Test
  void subscribedAnswersWithTheHubsPosition() {
    Hub hub = start(s -> {});
    String bob = user("bob");
    Client watcher = connected(hub, null);
    watcher.subscribe("user:" + bob);
    Event e = post(bob);
    watcher.awaitEvent(e.id());

    JsonObject subscribed = connected(hub, null).subscribe("public");

    assertEquals(Long.toString(e.id()), subscribed.getString("position"));
    assertEquals(e.id(), hub.position());
  }

  @Test
  void eventsPublishedOutOfIdOrderAreDeliveredInIdOrderOnce() {
    // No gap fill and no poll: the order can only come from the Hub holding early events.
    Hub hub =
        start(
            s -> {
              s.gapFillDelayMs = 600_000;
              s.pollIntervalMs = 600_000;
            });
    String bob = user("bob");
    Client client = connected(hub, null);
    client.subscribe("user:" + bob);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(commit(bob));
    }

    for (int i : new int[] {2, 4, 0, 0, 3, 1, 4}) {
      publish(events.get(i));
    }

    client.awaitEvent(events.get(4).id());
    assertEquals(events.stream().map(Event::id).toList(), client.eventIds());
  }

  @Test
  void anEventNeverPublishedIsReadFromTheStoreAndDeliveredInOrder() {
    Hub hub = start(s -> s.pollIntervalMs = 600_000);
    String bob = user("bob");
    Client client = connected(hub, null);
    client.subscribe("user:" + bob);

    Event lost1 = commit(bob);
    Event lost2 = commit(bob);
    Event published = post(bob);

    client.awaitEvent(published.id());
    assertEquals(List.of(lost1.id(), lost2.id(), published.id()), client.eventIds());
  }

  @Test
  void anEventNeverPublishedNorFollowedIsFoundByThePoll() {
    Hub hub =
        start(
            s -> {
              s.pollIntervalMs = 50;
              s.gapFillDelayMs = 600_000;
            });
    String bob = user("bob");
    Client client = connected(hub, null);
    client.subscribe("user:" + bob);

    Event lost = commit(bob);
    client.awaitEvent(lost.id());
    Event next = post(bob);
    client.awaitEvent(next.id());

    assertEquals(List.of(lost.id(), next.id()), client.eventIds());
  }

  // ---- Home and the follow graph ------------------------------------------------------------

  @Test
  void followAndUnfollowChangeALiveHome() {
    Hub hub = start(s -> {});
    String alice = user("alice");
    String bob = user("bob");
    Client home = connected(hub, alice);
    home.subscribe("home");

    post(bob);
    follow(alice, bob);
    Event whileFollowing = post(bob);
    unfollow(alice, bob);
    post(bob);
    Event own = post(alice);

    home.awaitEvent(own.id());
    assertEquals(List.of(whileFollowing.id(), own.id()), home.eventIds());
    assertEquals(List.of("home"), feeds(home.event(whileFollowing.id())));
  }

  @Test
  void aHomeSubscribedAfterAFollowShowsTheFolloweesPosts() {
    Hub hub = start(s -> {});
    String alice = user("alice");
    String bob = user("bob");
    follow(alice, bob);
    Client home = connected(hub, alice);
    home.subscribe("home");

    Event bobs = post(bob);

    home.awaitEvent(bobs.id());
    assertEquals(List.of(bobs.id()), home.eventIds());
  }

  @Test
  void anotherUsersFollowDoesNotChangeAHome() {
    Hub hub = start(s -> {});
    String alice = user("alice");
    String bob = user("bob");
    String carol = user("carol");
    Client home = connected(hub, alice);
    home.subscribe("home");

    follow(carol, bob);
    post(bob);
    Event own = post(alice);

    home.awaitEvent(own.id());
    assertEquals(List.of(own.id()), home.eventIds());
  }

  @Test
  void aMarkerMoveReachesOnlyItsOwnersMarkersConnections() {
    Hub hub = start(s -> {});
    String alice = user("alice");
    String bob = user("bob");
    Client phone = connected(hub, alice);
    Client browser = connected(hub, alice);
    Client bobs = connected(hub, bob);
    Client everything = connected(hub, alice);
    phone.subscribe("markers");
    browser.subscribe("markers");
    bobs.subscribe("markers");
    everything.subscribe("public");
    everything.subscribe("home");
    Event last = post(alice);

    Event moved =
        publish(new MarkerStore(database, 100).move(alice, Feed.HOME, last.id()).event().get());
    // Bob's own move after alice's is the sentinel: had hers reached him, it would come first.
    Event sentinel =
        publish(new MarkerStore(database, 100).move(bob, Feed.HOME, last.id()).event().get());
    Event after = post(alice);

    phone.awaitEvent(moved.id());
    browser.awaitEvent(moved.id());
    bobs.awaitEvent(sentinel.id());
    everything.awaitEvent(after.id());
    assertEquals(List.of(moved.id()), phone.eventIds());
    assertEquals(List.of("markers"), feeds(browser.event(moved.id())));
    assertEquals(List.of(sentinel.id()), bobs.eventIds());
    assertEquals(List.of(last.id(), after.id()), everything.eventIds());
  }

  @Test
  void aNotificationReachesOnlyItsRecipientsNotificationsConnections() {
    Hub hub = start(s -> {});
    String alice = user("alice");
    String bob = user("bob");
    Client phone = connected(hub, alice);
    Client bobs = connected(hub, bob);
    Client everything = connected(hub, bob);
    phone.subscribe("notifications");
    bobs.subscribe("notifications");
    everything.subscribe("public");
    everything.subscribe("home");
    everything.subscribe("markers");
    Event last = post(alice);

    LikeStore likes = new LikeStore(database);
    List<Event> like = likes.like(last.postId(), bob).orElseThrow().events();
    like.forEach(this::publish);
    // Bob's own follow notification after alice's like is the sentinel for his connections.
    List<Event> follow = new FollowStore(database).follow(alice, bob);
    follow.forEach(this::publish);
    Event liked = like.get(1);
    Event sentinel = follow.get(1);

    phone.awaitEvent(liked.id());
    bobs.awaitEvent(sentinel.id());
    everything.awaitEvent(like.get(0).id());
    assertEquals(List.of(liked.id()), phone.eventIds());
    assertEquals(List.of("notifications"), feeds(phone.event(liked.id())));
    assertEquals(List.of(sentinel.id()), bobs.eventIds());
    Event after = post(bob);
    everything.awaitEvent(after.id());
    assertEquals(List.of(last.id(), like.get(0).id(), after.id()), everything.eventIds());
  }

  // ---- Subscribe, resume and unsubscribe ----------------------------------------------------

  @Test
  void unsubscribeAnswersAndStopsThatFeedOnly() {
    Hub hub = start(s -> {});
    String bob = user("bob");
    String carol = user("carol");
    Client client = connected(hub, null);
    client.subscribe("user:" + bob);
    client.subscribe("user:" + carol);

    hub.unsubscribe(client.connection, Feed.parse("user:" + bob));
    client.awaitControl("unsubscribed", "user:" + bob);
    post(bob);
    Event carols = post(carol);

    client.awaitEvent(carols.id());
    assertEquals(List.of(carols.id()), client.eventIds());
  }

  @Test
  void subscribeWithSinceReplaysTheHistoryThenTheHeldBackEventsInOrder() throws Exception {
    GatedDatabase gate = gated();
    Hub hub = start(s -> {}, gate);
    String bob = user("bob");
    Client client = connected(hub, null);
    Client watcher = connected(hub, null);
    watcher.subscribe("user:" + bob);
    long start = lastEventId();
    Event e1 = post(bob);
    Event e2 = post(bob);
    watcher.awaitEvent(e2.id()); // the hub has dispatched e2

    hub.subscribe(client.connection, Feed.parse("user:" + bob), start, null);
    await(gate.entered); // recovery is planned and reading: live events are held back
    Event e3 = post(bob);
    Event e4 = post(bob);
    watcher.awaitEvent(e4.id());
    assertEquals(List.of(), client.frames(), "nothing goes out before the replay");
    gate.release.countDown();

    client.awaitEvent(e4.id());
    List<JsonObject> frames = client.frames();
    assertEquals("subscribed", frames.get(0).getString("type"));
    assertEquals(Long.toString(e2.id()), frames.get(0).getString("position"));
    assertEquals(List.of(e1.id(), e2.id(), e3.id(), e4.id()), client.eventIds());
    Event e5 = post(bob);
    client.awaitEvent(e5.id());
    assertEquals(List.of(e1.id(), e2.id(), e3.id(), e4.id(), e5.id()), client.eventIds());
  }

  /**
   * A client resuming two feeds whose second subscribe arrives after the resume window, while the
   * first feed's replay is still being read: the replay is read again for both, so an event of both
   * feeds lists both, not only the first.
   */
  @Test
  void aSubscribeArrivingWhileAReplayIsReadJoinsThatReplay() throws Exception {
    GatedDatabase gate = gated();
    Hub hub = start(s -> {}, gate);
    String bob = user("bob");
    String t = tag("joined");
    Client watcher = connected(hub, null);
    watcher.subscribe("tag:" + t);
    long start = lastEventId();
    Event ofBoth = post(bob, t);
    Event ofTagOnly = post(user("carol"), t);
    watcher.awaitEvent(ofTagOnly.id()); // the hub has dispatched both

    Client client = connected(hub, null);
    hub.subscribe(client.connection, Feed.parse("tag:" + t), start, null);
    await(gate.entered); // the window closed; the tag's replay is being read
    hub.subscribe(client.connection, Feed.parse("user:" + bob), start, null);
    gate.release.countDown();

    client.awaitEvent(ofTagOnly.id());
    assertEquals(List.of(ofBoth.id(), ofTagOnly.id()), client.eventIds());
    assertEquals(Set.of("tag:" + t, "user:" + bob), Set.copyOf(feeds(client.event(ofBoth.id()))));
    assertEquals(List.of("tag:" + t), feeds(client.event(ofTagOnly.id())));
    assertEquals(1, client.control("subscribed", "user:" + bob));
  }

  @RepeatedTest(5)
  void subscribeWithSinceReplaysThenGoesLiveWithNoGapOrDuplicateWhileOthersPublish()
      throws Exception {
    Hub hub = start(s -> {});
    String t = tag("busy");
    List<Long> committed = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean subscribed = new AtomicBoolean();
    CountDownLatch before = new CountDownLatch(20);
    CountDownLatch after = new CountDownLatch(30);
    ExecutorService publishers = Executors.newFixedThreadPool(2);
    List<Future<?>> running = new ArrayList<>();
    try {
      for (int p = 0; p < 2; p++) {
        String author = user("publisher");
        running.add(
            publishers.submit(
                () -> {
                  while (!stop.get()) {
                    Event e = commit(author, t);
                    committed.add(e.id());
                    publish(e);
                    before.countDown();
                    if (subscribed.get()) {
                      after.countDown();
                    }
                  }
                  return null;
                }));
      }
      await(before);
      long since;
      synchronized (committed) {
        since = committed.stream().sorted().toList().get(10);
      }
      Client client = connected(hub, null);
      client.subscribe("tag:" + t, since);
      subscribed.set(true);
      await(after);
      stop.set(true);
      for (Future<?> f : running) {
        f.get(BOUND.toSeconds(), TimeUnit.SECONDS);
      }
      Event last = post(user("closer"), t);
      committed.add(last.id());

      client.awaitEvent(last.id());
      List<Long> expected = committed.stream().filter(id -> id > since).sorted().toList();
      assertEquals(expected, client.eventIds(), "every event after since, once, in id order");
      assertEquals("subscribed", client.frames().get(0).getString("type"));
    } finally {
      stop.set(true);
      publishers.shutdownNow();
      assertTrue(publishers.awaitTermination(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void subscribeWithSinceAheadOfThisNodeDoesNotRedeliverEventsUpToSince() {
    // A client that read a feed page (position from the store) subscribes on a node whose bus has
    // not brought it the newest event yet.
    Hub hub = start(s -> s.pollIntervalMs = 600_000);
    String bob = user("bob");
    Client client = connected(hub, null);
    Event seen = commit(bob);

    client.subscribe("user:" + bob, seen.id());
    Event next = post(bob);

    client.awaitEvent(next.id());
    assertEquals(List.of(next.id()), client.eventIds(), "the client already had " + seen.id());
  }

  @Test
  void sinceFurtherBackThanReplayMaxEventsAnswersResetThenGoesLive() {
    Hub hub = start(s -> s.replayMaxEvents = 2);
    String bob = user("bob");
    Client watcher = connected(hub, null);
    watcher.subscribe("user:" + bob);
    long start = lastEventId();
    post(bob);
    post(bob);
    Event e3 = post(bob);
    watcher.awaitEvent(e3.id());
    Client client = connected(hub, null);

    client.subscribe("user:" + bob, start);
    client.awaitControl("reset", "user:" + bob);
    Event live = post(bob);

    client.awaitEvent(live.id());
    assertEquals(List.of(live.id()), client.eventIds());
  }

  @Test
  void unsubscribeWhileARecoveryRunsLeavesTheFeedUnsubscribed() throws Exception {
    GatedDatabase gate = gated();
    Hub hub = start(s -> {}, gate);
    String bob = user("bob");
    String carol = user("carol");
    Client client = connected(hub, null);
    client.subscribe("user:" + carol);
    long start = lastEventId();
    post(bob);

    hub.subscribe(client.connection, Feed.parse("user:" + bob), start, null);
    await(gate.entered);
    hub.unsubscribe(client.connection, Feed.parse("user:" + bob));
    client.awaitControl("unsubscribed", "user:" + bob);
    gate.release.countDown();
    post(bob);
    Event marker = post(carol);

    client.awaitEvent(marker.id());
    List<JsonObject> frames = client.frames();
    int unsubscribedAt = -1;
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).getString("type").equals("unsubscribed")) {
        unsubscribedAt = i;
      }
    }
    List<String> afterwards =
        frames.subList(unsubscribedAt + 1, frames.size()).stream()
            .map(f -> isEvent(f) ? f.getJsonObject("data").getString("author") : f.toString())
            .toList();
    assertEquals(List.of(carol), afterwards, "after unsubscribed, only the feed still subscribed");
  }

  @Test
  void aConnectionFallingTooFarBehindWhileRecoveringIsClosedWith4008() throws Exception {
    GatedDatabase gate = gated();
    Hub hub = start(s -> s.holdMaxEvents = 3, gate);
    String bob = user("bob");
    Client client = connected(hub, null);
    Client watcher = connected(hub, null);
    watcher.subscribe("user:" + bob);
    hub.subscribe(client.connection, Feed.parse("user:" + bob), lastEventId(), null);
    await(gate.entered);

    Event last = null;
    for (int i = 0; i < 5; i++) {
      last = post(bob);
    }
    watcher.awaitEvent(last.id());

    client.transport.awaitClose();
    assertEquals(List.of(CloseCodes.TOO_SLOW), client.transport.closes());
  }

  // ---- Limits and drain ---------------------------------------------------------------------

  @Test
  void connectionsOverThePerUserLimitAreRefusedWith4029() {
    Hub hub = start(s -> s.maxConnectionsPerUser = 2);
    String alice = user("alice");
    Client first = new Client(hub, alice);

    assertEquals(0, first.connect());
    assertEquals(0, new Client(hub, alice).connect());
    assertEquals(CloseCodes.TOO_MANY, new Client(hub, alice).connect());
    assertEquals(0, new Client(hub, user("bob")).connect(), "other users are not counted");
    assertEquals(0, new Client(hub, null).connect(), "nor anonymous readers");

    hub.disconnect(first.connection.id());
    assertEquals(0, new Client(hub, alice).connect(), "a closed connection frees its place");
    assertEquals(CloseCodes.TOO_MANY, new Client(hub, alice).connect());
  }

  @Test
  void connectionsOverTheNodeLimitAreRefusedWith4029() {
    Hub hub = start(s -> s.maxConnections = 3);
    Client first = new Client(hub, user("a"));

    assertEquals(0, first.connect());
    assertEquals(0, new Client(hub, user("b")).connect());
    assertEquals(0, new Client(hub, null).connect());
    assertEquals(CloseCodes.TOO_MANY, new Client(hub, user("d")).connect());
    assertEquals(CloseCodes.TOO_MANY, new Client(hub, null).connect());
    assertEquals(3, hub.connectionCount());

    hub.disconnect(first.connection.id());
    assertEquals(0, new Client(hub, user("e")).connect());
  }

  @Test
  void tooManySubscriptionsCloseTheConnectionWith4029() {
    Hub hub = start(s -> s.maxSubscriptions = 2);
    Client client = connected(hub, null);
    client.subscribe("public");
    client.subscribe("tag:" + tag("x"));

    hub.subscribe(client.connection, Feed.parse("tag:" + tag("y")), null, null);

    client.transport.awaitClose();
    assertEquals(List.of(CloseCodes.TOO_MANY), client.transport.closes());
  }

  @Test
  void resubscribingToAFeedDoesNotCountTwice() {
    Hub hub = start(s -> s.maxSubscriptions = 2);
    Client client = connected(hub, null);
    client.subscribe("public");
    client.subscribe("public");
    client.subscribe("user:" + user("bob"));

    assertEquals(List.of(), client.transport.closes());
  }

  @Test
  void drainClosesEveryConnectionWith1001AndRefusesNewOnes() {
    Hub hub = start(s -> {});
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Client client = connected(hub, user("u"));
      client.subscribe("public");
      clients.add(client);
    }

    hub.drain();

    for (Client client : clients) {
      client.transport.awaitClose();
      assertEquals(List.of(CloseCodes.GOING_AWAY), client.transport.closes());
    }
    assertTrue(hub.draining());
    assertEquals(0, hub.connectionCount());
    assertEquals(CloseCodes.GOING_AWAY, new Client(hub, user("late")).connect());
    assertEquals(CloseCodes.GOING_AWAY, new Client(hub, null).connect());
    assertFalse(clients.get(0).connection.subscriber().offer("x"));
  }
}
