package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * Two production nodes behind one PostgreSQL schema and one Redis, as replicas run in Kubernetes:
 * an event published on either reaches the subscribers of both, clients that move between nodes
 * resume without gap or repeat, and each node reports and survives losing its bus or its store.
 * Node B reaches PostgreSQL through a proxy the test can cut. The nodes start once for the class
 * (each start costs seconds); the last test kills node A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class ClusterIT {
  private static final String ISSUER = "https://issuer.cluster.feedline.test";

  /** For one event to arrive, including through the store poll on a busy machine. */
  private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

  /** For a whole run of events to arrive. */
  private static final Duration RUN_WAIT = Duration.ofSeconds(120);

  /** For readiness to follow the store or the bus (Redis clients reconnect with back-off). */
  private static final Duration HEALTH_WAIT = Duration.ofSeconds(90);

  /** The longest a POST may take while the store or the bus is down: an answer, not a hang. */
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(15);

  private final KeyPair operatorKey = Tokens.newRsaKeyPair();
  private PostgresSchema schema;
  private RedisServer redis;
  private TcpProxy storeProxy;
  private LibertyNode a;
  private LibertyNode b;
  private boolean aKilled;
  private String skipReason;

  @RegisterExtension
  final TestWatcher nodeLogsOnFailure =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          System.err.println(
              "=== " + context.getDisplayName() + " failed: " + cause + "\n" + diagnostics(80));
        }
      };

  @BeforeAll
  void startTwoProductionNodes() {
    try {
      schema = PostgresSchema.createOrSkip();
      redis = RedisServer.startOrSkip();
    } catch (TestAbortedException e) {
      // Skipped per test below, so each report shows the skip and its reason.
      skipReason = e.getMessage();
      return;
    }
    storeProxy = TcpProxy.to(schema.port());
    a = LibertyNode.create();
    b = LibertyNode.create();
    CompletableFuture<Void> startA =
        CompletableFuture.runAsync(() -> a.start(environment(schema.nodeUrl())));
    CompletableFuture<Void> startB =
        CompletableFuture.runAsync(
            () -> b.start(environment(schema.nodeUrlThrough(storeProxy.port()))));
    CompletableFuture.allOf(startA, startB).join();
  }

  private Map<String, String> environment(String storeUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FEEDLINE_PROFILE", "production");
    env.put("FEEDLINE_STORE_URL", storeUrl);
    env.put("FEEDLINE_STORE_USER", schema.user());
    env.put("FEEDLINE_STORE_CONNECT_TIMEOUT", "2s");
    env.put("MP_JWT_VERIFY_PUBLICKEY", Tokens.pem(operatorKey.getPublic()));
    env.put("MP_JWT_VERIFY_ISSUER", ISSUER);
    env.put("FEEDLINE_BUS_REDIS_URL", redis.url());
    return env;
  }

  /** Every test starts from a healthy cluster, whatever the one before it left behind. */
  @BeforeEach
  void bothNodesHealthy() {
    Assumptions.assumeTrue(skipReason == null, skipReason);
    redis.start();
    storeProxy.restore();
    for (LibertyNode node : liveNodes()) {
      awaitReadiness(node, "ready with store and bus UP", ClusterIT::fullyUp);
    }
  }

  @AfterAll
  void removeNodesRedisAndSchema() {
    List<AutoCloseable> resources = new ArrayList<>();
    resources.add(a);
    resources.add(b);
    resources.add(storeProxy);
    resources.add(redis);
    resources.add(schema);
    RuntimeException failure = null;
    for (AutoCloseable resource : resources) {
      try {
        if (resource != null) {
          resource.close();
        }
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("Cleaning up the cluster failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Test
  @Order(1)
  void bothNodesReportStoreAndBusUpInReadiness() {
    for (LibertyNode node : List.of(a, b)) {
      Readiness ready = readiness(node);
      assertEquals(200, ready.status(), () -> node.name() + ": " + ready.body());
      assertEquals("UP", ready.store(), () -> node.name() + ": " + ready.body());
      assertEquals("UP", ready.bus(), () -> node.name() + ": " + ready.body());
    }
  }

  @Test
  @Order(2)
  void eachNodePublishesEveryEventItCommitsToRedisOnce() {
    String feed = "tag:" + newTag();
    String after = "tag:" + newTag();
    String token = token(Api.uniqueUser("author"));
    try (RedisServer.ChannelWatch watch = redis.watchAllChannels()) {
      postOnBoth(token, feed, "published", 2);
      // A tag is plain [a-z0-9_], so it appears in the message as it is, whatever the format.
      Predicate<String> ofFeed = message -> message.contains(tag(feed));
      List<String> seen = new ArrayList<>(watch.await(ofFeed, 4, EVENT_WAIT));
      // One more post per node: a repeated message of a node would come before its next one.
      postOnBoth(token, after, "after", 1);
      seen.addAll(watch.await(message -> message.contains(tag(after)), 2, EVENT_WAIT));
      assertEquals(4, seen.stream().filter(ofFeed).count(), () -> "one message per event: " + seen);
    }
  }

  @Test
  @Order(3)
  void postOnOneNodeReachesWebSocketOnTheOtherNodeAndSseOnTheSameNode() {
    String feed = "tag:" + newTag();
    try (Watcher onB = Watcher.webSocket(feed);
        Watcher onA = Watcher.sse(feed)) {
      onB.connect(b);
      onA.connect(a);

      JsonObject post =
          a.api().createPost(token(Api.uniqueUser("alice")), "across nodes", tag(feed));

      JsonObject overWebSocket = onB.next(EVENT_WAIT);
      JsonObject overSse = onA.next(EVENT_WAIT);
      for (JsonObject event : List.of(overWebSocket, overSse)) {
        assertEquals("post.created", event.getString("type"), event::toString);
        assertEquals(post.getString("id"), postId(event), event::toString);
        assertEquals(List.of(feed), strings(event.getJsonArray("feeds")), event::toString);
        assertEquals(post, event.getJsonObject("data"));
      }
      assertEquals(overWebSocket.getString("id"), overSse.getString("id"), "one event id");
    }
  }

  /**
   * A read marker moved through node A reaches its owner's WebSocket and SSE streams on node B,
   * over the bus, and no other user's markers stream: Bob's own later move is the sentinel that
   * must be the first event he sees.
   */
  @Test
  @Order(3)
  void markerMovedOnOneNodeReachesTheOwnersStreamsOnTheOtherNodeAndNobodyElses() {
    String alice = token(Api.uniqueUser("alice"));
    String bob = token(Api.uniqueUser("bob"));
    try (StreamClient aliceWs = StreamClient.connect(b.api(), alice);
        StreamClient bobWs = StreamClient.connect(b.api(), bob);
        SseClient aliceSse = SseClient.open(b.api(), "feed=markers", alice, null)) {
      aliceWs.subscribeAndWait("markers", null);
      bobWs.subscribeAndWait("markers", null);
      assertEquals("subscribed", aliceSse.next(EVENT_WAIT).name());

      String position = a.api().feed("public", "?limit=1", null).getString("position");
      JsonObject marker = moveMarker(alice, position);
      JsonObject bobs = moveMarker(bob, "0");

      JsonObject overWebSocket = aliceWs.await(ClusterIT::isEvent, EVENT_WAIT);
      JsonObject overSse = aliceSse.feedEvents(1, EVENT_WAIT).get(0).json();
      for (JsonObject event : List.of(overWebSocket, overSse)) {
        assertEquals("marker.updated", event.getString("type"), event::toString);
        assertEquals(List.of("markers"), strings(event.getJsonArray("feeds")), event::toString);
        assertEquals(marker, event.getJsonObject("data"));
      }
      assertEquals(overWebSocket.getString("id"), overSse.getString("id"), "one event id");
      JsonObject first = bobWs.await(ClusterIT::isEvent, EVENT_WAIT);
      assertEquals(bobs, first.getJsonObject("data"), () -> "bob's first event: " + first);
    }
  }

  /**
   * A like on node A reaches its author's notifications streams on node B, and only hers: Bob's own
   * notification, made after hers, is the sentinel that must be the first event he sees. The same
   * like sent to both nodes at once makes one notification.
   */
  @Test
  @Order(3)
  void likeOnOneNodeNotifiesTheAuthorOnTheOtherNodeOnceAndNobodyElse() throws Exception {
    String aliceName = Api.uniqueUser("alice");
    String bobName = Api.uniqueUser("bob");
    String alice = token(aliceName);
    String bob = token(bobName);
    String carol = token(Api.uniqueUser("carol"));
    String postId = a.api().createPost(alice, "like me on any node").getString("id");
    try (StreamClient aliceWs = StreamClient.connect(b.api(), alice);
        StreamClient bobWs = StreamClient.connect(b.api(), bob);
        SseClient aliceSse = SseClient.open(b.api(), "feed=notifications", alice, null)) {
      aliceWs.subscribeAndWait("notifications", null);
      bobWs.subscribeAndWait("notifications", null);
      assertEquals("subscribed", aliceSse.next(EVENT_WAIT).name());

      CompletableFuture<Api.Reply> onA =
          CompletableFuture.supplyAsync(
              () -> a.api().put("api/v1/posts/" + postId + "/like", carol));
      CompletableFuture<Api.Reply> onB =
          CompletableFuture.supplyAsync(
              () -> b.api().put("api/v1/posts/" + postId + "/like", carol));
      assertEquals(204, onA.get(60, TimeUnit.SECONDS).status());
      assertEquals(204, onB.get(60, TimeUnit.SECONDS).status());
      assertEquals(204, a.api().put("api/v1/following/" + bobName, alice).status());

      JsonObject overWebSocket = aliceWs.await(ClusterIT::isEvent, EVENT_WAIT);
      JsonObject overSse = aliceSse.feedEvents(1, EVENT_WAIT).get(0).json();
      for (JsonObject event : List.of(overWebSocket, overSse)) {
        assertEquals("notification.created", event.getString("type"), event::toString);
        assertEquals(List.of("notifications"), strings(event.getJsonArray("feeds")));
        assertEquals("like", event.getJsonObject("data").getString("type"));
        assertEquals(postId, event.getJsonObject("data").getJsonObject("post").getString("id"));
      }
      assertEquals(overWebSocket.getString("id"), overSse.getString("id"), "one event id");
      JsonObject first = bobWs.await(ClusterIT::isEvent, EVENT_WAIT);
      assertEquals(
          "follow", first.getJsonObject("data").getString("type"), () -> "bob's first: " + first);
      JsonObject page = assertJson(b.api().get("api/v1/notifications", alice), 200);
      assertEquals(1, page.getJsonArray("notifications").size(), page::toString);
    }
  }

  private JsonObject moveMarker(String token, String position) {
    return assertJson(
        a.api()
            .send(
                "PUT",
                "api/v1/markers/home",
                token,
                "application/json",
                "{\"position\":\"" + position + "\"}"),
        200);
  }

  private static boolean isEvent(JsonObject frame) {
    return frame.getString("type", "").contains(".");
  }

  /**
   * Authors post concurrently on both nodes while a WebSocket and an SSE client each drop their
   * connection at random points and resume on the other node from the last id they saw.
   */
  @RepeatedTest(3)
  @Order(4)
  void concurrentPublishingOnBothNodesWithResumesOnTheOtherNodeDeliversEachEventOnceInOrder()
      throws Exception {
    int publishersPerNode = 2;
    int postsEach = 25;
    int expected = 2 * publishersPerNode * postsEach;
    String feed = "tag:" + newTag();
    ExecutorService pool = Executors.newFixedThreadPool(2 * publishersPerNode + 2);
    try (Watcher ws = Watcher.webSocket(feed);
        Watcher sse = Watcher.sse(feed)) {
      ws.connect(a);
      sse.connect(b);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<String>>> publishers = new ArrayList<>();
      for (LibertyNode node : List.of(a, b)) {
        for (int p = 0; p < publishersPerNode; p++) {
          String token = token(Api.uniqueUser("author"));
          publishers.add(
              pool.submit(
                  () -> {
                    go.await();
                    return publish(node, token, feed, postsEach);
                  }));
        }
      }
      Future<Integer> wsResumes = pool.submit(() -> ws.roam(expected, RUN_WAIT, a, b));
      Future<Integer> sseResumes = pool.submit(() -> sse.roam(expected, RUN_WAIT, b, a));
      go.countDown();

      Set<String> created = new HashSet<>();
      for (Future<List<String>> publisher : publishers) {
        created.addAll(publisher.get(RUN_WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      assertEquals(expected, created.size(), "posts created");
      int resumes =
          wsResumes.get(RUN_WAIT.toSeconds(), TimeUnit.SECONDS)
              + sseResumes.get(RUN_WAIT.toSeconds(), TimeUnit.SECONDS);
      assertTrue(resumes >= 2, "the clients moved between nodes only " + resumes + " times");

      created.add(sentinelSeenNextBy(a, feed, ws, sse));
      ws.assertExactlyOnceInIdOrder(created);
      sse.assertExactlyOnceInIdOrder(created);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(5)
  void redisDownTurnsBothNodesUnreadyWhilePostsStillArriveThroughTheStoreAndNothingIsLost() {
    String feed = "tag:" + newTag();
    String token = token(Api.uniqueUser("author"));
    Set<String> created = new HashSet<>();
    try (Watcher ws = Watcher.webSocket(feed);
        Watcher sse = Watcher.sse(feed)) {
      ws.connect(a);
      sse.connect(b);
      created.addAll(postOnBoth(token, feed, "before", 1));
      ws.collect(created.size(), EVENT_WAIT);
      sse.collect(created.size(), EVENT_WAIT);

      redis.stop();
      for (LibertyNode node : List.of(a, b)) {
        awaitReadiness(
            node,
            "not ready with bus DOWN and store UP",
            r -> r.status() == 503 && "DOWN".equals(r.bus()) && "UP".equals(r.store()));
      }
      created.addAll(postOnBoth(token, feed, "without the bus", 3));
      ws.collect(created.size(), EVENT_WAIT);
      sse.collect(created.size(), EVENT_WAIT);
      // Resuming on the other node works without the bus as well.
      sse.connect(a);
      created.addAll(postOnBoth(token, feed, "still without the bus", 1));
      ws.collect(created.size(), EVENT_WAIT);
      sse.collect(created.size(), EVENT_WAIT);

      redis.start();
      for (LibertyNode node : List.of(a, b)) {
        awaitReadiness(node, "ready again with store and bus UP", ClusterIT::fullyUp);
      }
      created.addAll(postOnBoth(token, feed, "with the bus back", 2));
      ws.collect(created.size(), EVENT_WAIT);
      sse.collect(created.size(), EVENT_WAIT);

      created.add(sentinelSeenNextBy(b, feed, ws, sse));
      ws.assertExactlyOnceInIdOrder(created);
      sse.assertExactlyOnceInIdOrder(created);
    }
  }

  @Test
  @Order(6)
  void storeUnreachableAnswers503UnavailableAndUnreadyThenRecoversWhenItReturns() {
    String feed = "tag:" + newTag();
    String token = token(Api.uniqueUser("author"));
    try (Watcher onA = Watcher.webSocket(feed)) {
      onA.connect(a);

      storeProxy.cut();
      for (int i = 0; i < 3; i++) {
        assertError(boundedPost(b, token, "refused " + i, feed), 503, "unavailable");
      }
      awaitReadiness(
          b, "not ready with store DOWN", r -> r.status() == 503 && "DOWN".equals(r.store()));
      Readiness other = readiness(a);
      assertTrue(fullyUp(other), "node A reaches PostgreSQL directly: " + other.body());

      storeProxy.restore();
      awaitReadiness(b, "ready again with store and bus UP", ClusterIT::fullyUp);
      JsonObject post = assertJson(boundedPost(b, token, "after the store returned", feed), 201);
      assertEquals(post.getString("id"), postId(onA.next(EVENT_WAIT)));
      onA.assertExactlyOnceInIdOrder(Set.of(post.getString("id")));
    }
  }

  /**
   * Node A dies without a word (SIGKILL) while authors post on both nodes and a WebSocket and an
   * SSE client watch on A. The clients resume on B and receive every event the store holds, once.
   */
  @Test
  @Order(7)
  void killNineOfOneNodeLosesNothingForClientsThatResumeOnTheOtherNode() throws Exception {
    String feed = "tag:" + newTag();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Watcher ws = Watcher.webSocket(feed);
        Watcher sse = Watcher.sse(feed)) {
      ws.connect(a);
      sse.connect(a);
      String tokenA = token(Api.uniqueUser("author"));
      String tokenB = token(Api.uniqueUser("author"));
      // Posts on A until A is gone; on B a fixed number.
      Future<List<String>> onA = pool.submit(() -> publishUntilRefused(a, tokenA, feed, 300));
      Future<List<String>> onB = pool.submit(() -> publish(b, tokenB, feed, 20));
      ws.collect(10, EVENT_WAIT);
      sse.collect(10, EVENT_WAIT);

      a.kill();
      aKilled = true;
      Set<String> created = new HashSet<>(onA.get(RUN_WAIT.toSeconds(), TimeUnit.SECONDS));
      created.addAll(onB.get(RUN_WAIT.toSeconds(), TimeUnit.SECONDS));
      created.addAll(publish(b, tokenB, feed, 5));

      // A post whose answer was lost with A may still have committed: the store is the truth.
      Set<String> stored = storedPostIds(b, feed);
      assertTrue(
          stored.containsAll(created),
          "posts answered 201 but not stored: " + difference(created, stored));
      for (Watcher watcher : List.of(ws, sse)) {
        watcher.awaitBroken(EVENT_WAIT);
        watcher.takeWhatArrived();
        watcher.connect(b);
        watcher.collect(stored.size(), RUN_WAIT);
      }
      stored.add(sentinelSeenNextBy(b, feed, ws, sse));
      ws.assertExactlyOnceInIdOrder(stored);
      sse.assertExactlyOnceInIdOrder(stored);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- Publishing -----------------------------------------------------------------------

  private String token(String user) {
    return Tokens.sign(Tokens.claims(user, ISSUER), operatorKey.getPrivate());
  }

  private static String newTag() {
    return "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private static String tag(String feed) {
    return feed.substring("tag:".length());
  }

  /** Posts {@code count} times on {@code node}; every post must answer 201. */
  private static List<String> publish(LibertyNode node, String token, String feed, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Api.Reply reply =
          node.api().postJson("api/v1/posts", token, Api.postBody("post " + i, tag(feed)));
      ids.add(assertJson(reply, 201).getString("id"));
    }
    return ids;
  }

  /** Posts up to {@code count} times on {@code node} until it stops answering. */
  private static List<String> publishUntilRefused(
      LibertyNode node, String token, String feed, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Api.Reply reply;
      try {
        reply = node.api().postJson("api/v1/posts", token, Api.postBody("post " + i, tag(feed)));
      } catch (IllegalStateException gone) {
        break;
      }
      if (reply.status() != 201) {
        break;
      }
      ids.add(reply.json().getString("id"));
    }
    return ids;
  }

  /** Posts {@code each} times on A, then as often on B. */
  private List<String> postOnBoth(String token, String feed, String text, int each) {
    List<String> ids = new ArrayList<>();
    for (LibertyNode node : List.of(a, b)) {
      for (int i = 0; i < each; i++) {
        Api.Reply reply = boundedPost(node, token, text + " " + i, feed);
        ids.add(assertJson(reply, 201).getString("id"));
      }
    }
    return ids;
  }

  /** A POST that must be answered within the answer bound, whatever the answer. */
  private static Api.Reply boundedPost(LibertyNode node, String token, String text, String feed) {
    long start = System.nanoTime();
    Api.Reply reply = node.api().postJson("api/v1/posts", token, Api.postBody(text, tag(feed)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(
        took.compareTo(ANSWER_BOUND) <= 0,
        "POST took " + took.toMillis() + " ms, answering " + reply.status() + " " + reply.body());
    return reply;
  }

  /**
   * Posts one more and checks it is the very next event each watcher sees: no late duplicate or
   * stray event came after the ones already counted. Answers the post's id.
   */
  private String sentinelSeenNextBy(LibertyNode node, String feed, Watcher... watchers) {
    String id =
        node.api().createPost(token(Api.uniqueUser("sentinel")), "last", tag(feed)).getString("id");
    for (Watcher watcher : watchers) {
      JsonObject next = watcher.next(EVENT_WAIT);
      assertEquals(id, postId(next), () -> watcher + ": the event after the last counted " + next);
    }
    return id;
  }

  /** The ids of every post the store holds on {@code feed}, page by page. */
  private static Set<String> storedPostIds(LibertyNode node, String feed) {
    Set<String> ids = new HashSet<>();
    String query = "?limit=100";
    for (int page = 0; page < 100; page++) {
      JsonObject json = node.api().feed(feed, query, null);
      json.getJsonArray("posts").getValuesAs(JsonObject.class).stream()
          .map(post -> post.getString("id"))
          .forEach(ids::add);
      JsonValue next = json.get("next");
      if (next == null || next.getValueType() != JsonValue.ValueType.STRING) {
        return ids;
      }
      query = "?limit=100&before=" + ((JsonString) next).getString();
    }
    throw new AssertionError("More than 100 pages on " + feed);
  }

  private static Set<String> difference(Set<String> left, Set<String> right) {
    return left.stream().filter(id -> !right.contains(id)).collect(Collectors.toSet());
  }

  private static String postId(JsonObject event) {
    return event.getJsonObject("data").getString("id");
  }

  private static List<String> strings(JsonArray array) {
    return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  // ---- Readiness ------------------------------------------------------------------------

  /** What /health/ready answered: its status and the store and bus it reported. */
  private record Readiness(int status, String store, String bus, String body) {}

  private static Readiness readiness(LibertyNode node) {
    Api.Reply reply;
    try {
      reply = node.api().get("health/ready", null);
    } catch (IllegalStateException noAnswer) {
      return new Readiness(-1, null, null, noAnswer.getMessage());
    }
    try {
      for (JsonObject check : reply.json().getJsonArray("checks").getValuesAs(JsonObject.class)) {
        JsonObject data = check.getJsonObject("data");
        if (data != null && data.containsKey("store")) {
          return new Readiness(
              reply.status(), text(data.get("store")), text(data.get("bus")), reply.body());
        }
      }
    } catch (RuntimeException notTheHealthFormat) {
      // reported below as a readiness without store and bus
    }
    return new Readiness(reply.status(), null, null, reply.body());
  }

  private static String text(JsonValue value) {
    if (value == null) {
      return null;
    }
    return value instanceof JsonString string ? string.getString() : value.toString();
  }

  private static boolean fullyUp(Readiness ready) {
    return ready.status() == 200 && "UP".equals(ready.store()) && "UP".equals(ready.bus());
  }

  private static void awaitReadiness(LibertyNode node, String what, Predicate<Readiness> state) {
    Readiness[] last = {null};
    Poll.until(
        HEALTH_WAIT,
        node.name() + " to be " + what,
        () -> state.test(last[0] = readiness(node)),
        () -> "last /health/ready: " + (last[0] == null ? "none" : last[0].body()));
  }

  private List<LibertyNode> liveNodes() {
    return aKilled ? List.of(b) : List.of(a, b);
  }

  private String diagnostics(int lines) {
    StringBuilder text = new StringBuilder();
    for (LibertyNode node : new LibertyNode[] {a, b}) {
      if (node != null) {
        text.append("--- messages.log of ")
            .append(node.name())
            .append(node == a ? " (A)" : " (B, store through the proxy)")
            .append(":\n")
            .append(node.tail(lines))
            .append('\n');
      }
    }
    if (redis != null) {
      text.append("--- redis-server:\n").append(redis.logText());
    }
    return text.toString();
  }

  // ---- Clients --------------------------------------------------------------------------

  /**
   * One app watching one feed over WebSocket or SSE: it keeps every event it received across its
   * connections, and resumes from the last one wherever it connects next.
   */
  private static final class Watcher implements AutoCloseable {
    private final boolean webSocket;
    private final String feed;
    private final List<JsonObject> events = new ArrayList<>();
    private String position;
    private LibertyNode node;
    private StreamClient ws;
    private SseClient sse;

    private Watcher(boolean webSocket, String feed) {
      this.webSocket = webSocket;
      this.feed = feed;
    }

    static Watcher webSocket(String feed) {
      return new Watcher(true, feed);
    }

    static Watcher sse(String feed) {
      return new Watcher(false, feed);
    }

    /** Where a resume starts: the last event received, else the first subscription's position. */
    String lastId() {
      return events.isEmpty() ? position : events.get(events.size() - 1).getString("id");
    }

    /** Connects to {@code to} and subscribes, from the last id when there was one before. */
    void connect(LibertyNode to) {
      drop();
      node = to;
      String since = lastId();
      if (webSocket) {
        ws = StreamClient.connect(to.api(), null);
        String subscribed = ws.subscribeAndWait(feed, since);
        position = position == null ? subscribed : position;
        return;
      }
      sse = SseClient.open(to.api(), "feed=" + feed, null, since);
      assertEquals(200, sse.status(), () -> this + ": SSE refused: " + sse.errorBody());
      SseClient.Event first = sse.next(EVENT_WAIT);
      assertEquals("subscribed", first.name(), () -> this + ": first SSE event " + first);
      position = position == null ? first.json().getString("position") : position;
    }

    /** The next event of the current connection; a reset or error frame is a failure. */
    JsonObject next(Duration timeout) {
      JsonObject event = poll(timeout);
      if (event == null) {
        throw new AssertionError(this + ": no event within " + timeout);
      }
      return event;
    }

    /** The next event, or null when none came within {@code timeout}. */
    private JsonObject poll(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        JsonObject frame;
        if (webSocket) {
          frame = ws.poll(left);
        } else {
          SseClient.Event event = sse.poll(left);
          frame = event == null ? null : event.json();
        }
        if (frame == null) {
          return null;
        }
        String type = frame.getString("type", "");
        if (type.contains(".")) {
          events.add(frame);
          return frame;
        }
        if (type.equals("reset") || type.equals("error")) {
          throw new AssertionError(this + ": " + frame + " after " + events.size() + " events");
        }
      }
    }

    /** Receives until {@code total} events arrived over all connections so far. */
    void collect(int total, Duration bound) {
      long deadline = System.nanoTime() + bound.toNanos();
      while (events.size() < total) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(this + ": only " + events.size() + " of " + total + " events");
        }
        next(Duration.ofNanos(Math.min(left, EVENT_WAIT.toNanos())));
      }
    }

    /**
     * Receives {@code total} events, dropping the connection after a random few each time and
     * resuming on the other of {@code nodes}; answers how often it resumed.
     */
    int roam(int total, Duration bound, LibertyNode first, LibertyNode second) {
      long deadline = System.nanoTime() + bound.toNanos();
      int resumes = 0;
      while (true) {
        int goal = Math.min(total, events.size() + ThreadLocalRandom.current().nextInt(1, 12));
        collect(goal, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        if (events.size() >= total) {
          return resumes;
        }
        drop();
        connect(node == first ? second : first);
        resumes++;
      }
    }

    /** Drops the connection without a goodbye, as a phone losing its network does. */
    void drop() {
      if (ws != null) {
        ws.abort();
        ws = null;
      }
      if (sse != null) {
        sse.close();
        sse = null;
      }
    }

    /** Waits until the server side of the connection is gone. */
    void awaitBroken(Duration bound) {
      if (webSocket) {
        ws.closeCode(bound);
      } else {
        assertTrue(sse.awaitEnd(bound), this + ": the stream did not end");
      }
    }

    /** Takes every event that arrived before the connection broke. */
    void takeWhatArrived() {
      while (poll(Duration.ZERO) != null) {
        // each one is kept by poll
      }
    }

    /** Every event once, ids strictly increasing, the posts exactly {@code expectedPosts}. */
    void assertExactlyOnceInIdOrder(Set<String> expectedPosts) {
      long previous = 0;
      for (JsonObject event : events) {
        long id = Long.parseLong(event.getString("id"));
        if (id <= previous) {
          fail(this + ": event " + id + " after " + previous + " in " + ids());
        }
        previous = id;
        assertEquals("post.created", event.getString("type"), event::toString);
      }
      List<String> posts = events.stream().map(ClusterIT::postId).toList();
      assertEquals(expectedPosts.size(), posts.size(), () -> this + ": event count, " + ids());
      Set<String> missing = difference(expectedPosts, Set.copyOf(posts));
      Set<String> extra = difference(Set.copyOf(posts), expectedPosts);
      assertTrue(
          missing.isEmpty() && extra.isEmpty(),
          () -> this + ": posts missing " + missing + ", not created " + extra);
    }

    private List<String> ids() {
      return events.stream().map(event -> event.getString("id")).toList();
    }

    @Override
    public String toString() {
      return (webSocket ? "WebSocket" : "SSE")
          + " client of "
          + feed
          + (node == null ? "" : " on " + node.name());
    }

    @Override
    public void close() {
      drop();
    }
  }
}
