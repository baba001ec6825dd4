package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SSE fallback: the same stream as WebSocket, over plain HTTP. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SseIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final Api api = Api.itServer();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.feedline();
  }

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

  @RepeatedTest(3)
  void resumeWithLastEventIdDuringConcurrentPublishingDeliversEachEventOnceInOrder()
      throws Exception {
    String tag = "s" + Api.uniqueUser("t").toLowerCase().replace("-", "_");
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      tokens.add(api.token(Api.uniqueUser("sse" + i)));
    }
    Set<String> created = ConcurrentHashMap.newKeySet();
    ExecutorService publishers = Executors.newFixedThreadPool(3);
    List<SseClient.Event> received = new ArrayList<>();
    SseClient client = SseClient.open(api, "feed=tag:" + tag, null, null);
    try {
      awaitSubscribed(client, 1);
      List<Future<?>> running = new ArrayList<>();
      for (String token : tokens) {
        running.add(
            publishers.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    created.add(api.createPost(token, "sse " + i + " #" + tag).getString("id"));
                  }
                }));
      }
      int expected = 75;
      while (received.size() < expected) {
        int take = ThreadLocalRandom.current().nextInt(1, 12);
        for (int i = 0; i < take && received.size() < expected; i++) {
          received.add(client.feedEvents(1, WAIT).get(0));
        }
        client.close();
        client =
            SseClient.open(api, "feed=tag:" + tag, null, received.get(received.size() - 1).id());
        assertEquals(200, client.status());
      }
      for (Future<?> publisher : running) {
        publisher.get(60, TimeUnit.SECONDS);
      }
    } finally {
      client.close();
      publishers.shutdownNow();
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
    String user = Api.uniqueUser("own");
    try (SseClient own =
        SseClient.open(api, "feed=home&access_token=" + api.token(user), null, null)) {
      assertEquals(200, own.status());
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
