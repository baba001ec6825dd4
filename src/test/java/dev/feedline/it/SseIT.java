package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The SSE fallback: the same stream as WebSocket, over plain HTTP. */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class SseIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** How often a wait for events looks at the publishers; it returns as soon as one arrives. */
  private static final Duration CHECK = Duration.ofMillis(100);

  /** How many posts the publishers may be ahead of the events the client received. */
  private static final int LEAD = 30;

  private final Api api = Api.itServer();

  @Test
  void sameChangesYieldIdenticalEnvelopesOverWebSocketAndSse() {
    String author = Api.uniqueUser("twin");
    String token = api.token(author);
    String tag = "p" + Api.uniqueUser("t").toLowerCase().replace("-", "_");
    try (StreamClient ws = StreamClient.connect(api, null);
        SseClient sse =
            SseClient.open(api, "feed=user:" + author + "&feed=tag:" + tag, null, null)) {
      assertEquals(200, sse.status());
      assertEquals("text/event-stream", sse.header("Content-Type").split(";")[0]);
      assertTrue(sse.header("Cache-Control").contains("no-cache"));
      ws.subscribeAndWait("user:" + author, null);
      ws.subscribeAndWait("tag:" + tag, null);
      awaitSubscribed(sse, 2);
      String id = api.createPost(token, "one #" + tag).getString("id");
      api.send("PATCH", "api/v1/posts/" + id, token, "application/json", "{\"text\":\"two\"}");
      api.put("api/v1/posts/" + id + "/like", api.token(Api.uniqueUser("fan")));
      api.delete("api/v1/posts/" + id, token);
      List<JsonObject> overWs = ws.events(4, WAIT);
      List<SseClient.Event> overSse = sse.feedEvents(4, WAIT);
      for (int i = 0; i < 4; i++) {
        assertEquals(overWs.get(i), overSse.get(i).json());
        assertEquals(overWs.get(i).getString("id"), overSse.get(i).id());
        assertEquals(overWs.get(i).getString("type"), overSse.get(i).name());
      }
      assertEquals("3000", sse.retry());
    }
  }

  /**
   * Three authors post while the client drops its stream at random points and resumes with
   * Last-Event-ID. The publishers stay at most {@link #LEAD} posts ahead of what the client has
   * received: a resume replays at most half the outbound queue (16 KiB on the IT server, about 60
   * of these events) and answers {@code reset} beyond it, so every resume here must replay, and a
   * reset fails the test.
   */
  @RepeatedTest(3)
  void resumeWithLastEventIdDuringConcurrentPublishingDeliversEachEventOnceInOrder()
      throws Exception {
    String tag = "s" + Api.uniqueUser("t").toLowerCase().replace("-", "_");
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tokens.add(api.token(Api.uniqueUser("sse" + i)));
    }
    Set<String> created = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<CompletableFuture<Void>> publishers = new ArrayList<>();
    Semaphore lead = new Semaphore(LEAD);
    List<SseClient.Event> received = new ArrayList<>();
    SseClient client = SseClient.open(api, "feed=tag:" + tag, null, null);
    try {
      awaitSubscribed(client, 1);
      for (String token : tokens) {
        publishers.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    awaitLead(lead);
                    created.add(api.createPost(token, "sse " + i + " #" + tag).getString("id"));
                  }
                },
                pool));
      }
      int expected = 75;
      while (received.size() < expected) {
        int take = ThreadLocalRandom.current().nextInt(1, 12);
        for (int i = 0; i < take && received.size() < expected; i++) {
          received.add(nextEvent(client, publishers));
          lead.release();
        }
        client.close();
        client =
            SseClient.open(api, "feed=tag:" + tag, null, received.get(received.size() - 1).id());
        assertEquals(200, client.status());
      }
      CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
      // Nothing may arrive twice after the last resume: the next event is a post made after all.
      String sentinel = api.createPost(tokens.get(0), "sentinel #" + tag).getString("id");
      assertEquals(
          sentinel,
          nextEvent(client, publishers).json().getJsonObject("data").getString("id"),
          "after the last resume");
    } finally {
      client.close();
      pool.shutdownNow();
    }
    long previous = 0;
    Set<String> posts = new LinkedHashSet<>();
    for (SseClient.Event event : received) {
      long id = Long.parseLong(event.id());
      assertTrue(id > previous, "ids must strictly increase");
      previous = id;
      assertTrue(
          posts.add(event.json().getJsonObject("data").getString("id")), "a post arrived twice");
    }
    assertEquals(created, posts);
  }

  /**
   * The next feed event. A publisher that failed fails the test with its own exception rather than
   * as a missing event; a {@code reset} or {@code error} fails it too (see the test above).
   */
  private static SseClient.Event nextEvent(
      SseClient client, List<CompletableFuture<Void>> publishers) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      for (CompletableFuture<Void> publisher : publishers) {
        if (publisher.isCompletedExceptionally()) {
          publisher.join();
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "No event from the server within "
                + Poll.span(WAIT)
                + ", the publishers "
                + (publishers.stream().allMatch(CompletableFuture::isDone)
                    ? "all done"
                    : "still posting"));
      }
      SseClient.Event event = client.poll(Duration.ofNanos(Math.min(left, CHECK.toNanos())));
      if (event == null) {
        continue;
      }
      if (event.name().equals("reset") || event.name().equals("error")) {
        throw new AssertionError("A resume within the replay's bound was answered " + event);
      }
      if (event.id() != null) {
        return event;
      }
    }
  }

  /** Waits until the client has received enough for a publisher to post again. */
  private static void awaitLead(Semaphore lead) {
    try {
      if (!lead.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "The client stayed " + LEAD + " events behind for " + Poll.span(WAIT));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void heartbeatsArriveOnAnIdleStream() {
    try (SseClient sse = SseClient.open(api, "feed=tag:quiet_" + System.nanoTime(), null, null)) {
      awaitSubscribed(sse, 1);
      Poll.until(WAIT, "a heartbeat comment", () -> sse.comments() > 0, () -> "none came");
    }
  }

  @Test
  void badRequestsAreAnsweredWithJsonBeforeTheStream() {
    assertRefused(SseClient.open(api, "feed=nope", null, null), 400, "bad_feed");
    assertRefused(SseClient.open(api, "x=1", null, null), 400, "bad_request");
    assertRefused(SseClient.open(api, "feed=home", null, null), 401, "unauthorized");
    assertRefused(SseClient.open(api, "feed=public", "bad.token.here", null), 401, "unauthorized");
    assertRefused(SseClient.open(api, "feed=public", null, "yesterday"), 400, "bad_request");
  }

  /** A token in the query names the caller: the home stream carries the caller's own post. */
  @Test
  void aQueryTokenOpensTheCallersHome() {
    String user = Api.uniqueUser("own");
    String token = api.token(user);
    try (SseClient own = SseClient.open(api, "feed=home&access_token=" + token, null, null)) {
      assertEquals(200, own.status());
      awaitSubscribed(own, 1);
      String id = api.createPost(token, "mine").getString("id");
      SseClient.Event event = own.feedEvents(1, WAIT).get(0);
      assertEquals("post.created", event.name());
      assertEquals(id, event.json().getJsonObject("data").getString("id"));
      assertEquals(user, event.json().getJsonObject("data").getString("author"));
    }
  }

  private static void assertRefused(SseClient client, int status, String code) {
    try (client) {
      assertEquals(status, client.status());
      assertEquals(code, client.errorBody().getString("error"));
    }
  }

  private static void awaitSubscribed(SseClient sse, int feeds) {
    for (int i = 0; i < feeds; i++) {
      SseClient.Event event = sse.next(WAIT);
      assertEquals("subscribed", event.name(), event.toString());
    }
  }
}
