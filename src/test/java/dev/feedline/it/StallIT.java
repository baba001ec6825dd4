package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Phones that misbehave while frames are on their way to them must never hold a node's threads:
 * ones that drop the connection mid-send (a blocking send caught by the close waited forever in
 * Liberty, freezing a cluster node), ones that read and answer pings for a while and then stop
 * reading with the connection open (a tunnel). The healthy subscriber on the same node keeps
 * receiving every event once, in order, the stalled phones are closed with 4008, and the node still
 * stops within its drain time. Runs its own node, with fewer writer, pinger and closer threads than
 * misbehaving phones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class StallIT {
  private static final int STALLED = 8;
  private static final int DROP_ROUNDS = 6;
  private static final int PHONES_PER_ROUND = 20;
  private static final int BURST = 60;
  private static final int DRAIN_SECONDS = 3;
  // Posts the healthy subscriber receives before the next batch: about 24 KB, within its queue.
  private static final int PACED_BATCH = 40;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private LibertyNode node;
  private Api api;

  @BeforeAll
  void startNode() {
    node = LibertyNode.create();
    node.start(
        Map.of(
            "FEEDLINE_STREAM_WRITER_THREADS", "1",
            "FEEDLINE_STREAM_CLOSER_THREADS", "2",
            "FEEDLINE_STREAM_PINGER_THREADS", "2",
            // Frequent pings, so some are on their way when a phone drops or stalls.
            "FEEDLINE_STREAM_PING_INTERVAL_SECONDS", "1",
            "FEEDLINE_STREAM_QUEUE_MAX_BYTES", "131072",
            "FEEDLINE_STREAM_DRAIN_SECONDS", Integer.toString(DRAIN_SECONDS)));
    api = node.api();
  }

  @AfterAll
  void removeNode() {
    node.close();
  }

  @Test
  @Order(1)
  void phonesThatDropTheirConnectionWhileFramesAreOnTheWayHoldNoThread() throws Exception {
    String author = Api.uniqueUser("dropper");
    String token = api.token(author);
    String feed = "user:" + author;
    ExecutorService posters = Executors.newFixedThreadPool(8);
    int posted = 0;
    try (StreamClient healthy = StreamClient.connect(api, null)) {
      healthy.subscribeAndWait(feed, null);
      for (int round = 0; round < DROP_ROUNDS; round++) {
        List<StreamClient> phones = new ArrayList<>();
        for (int i = 0; i < PHONES_PER_ROUND; i++) {
          StreamClient phone = StreamClient.connect(api, null);
          phone.subscribeAndWait(feed, null);
          phones.add(phone);
        }
        List<Future<?>> burst = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
          burst.add(posters.submit(() -> api.createPost(token, "x".repeat(300))));
        }
        // Each phone drops as soon as the burst reaches it: the rest of it is on its way.
        for (StreamClient phone : phones) {
          phone.events(1, WAIT);
          phone.abort();
        }
        for (Future<?> post : burst) {
          post.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        posted += BURST;
        List<JsonObject> events = healthy.events(BURST, WAIT);
        assertInIdOrder(events);
      }
      String sentinel = api.createPost(token, "sentinel").getString("id");
      JsonObject last = healthy.events(1, WAIT).get(0);
      assertEquals(sentinel, last.getJsonObject("data").getString("id"), "after " + posted);
    } finally {
      posters.shutdownNow();
    }
    assertReady();
  }

  @Test
  @Order(2)
  void phonesThatStopReadingMidStreamAreClosedWith4008WhileOthersKeepReceiving() throws Exception {
    String author = Api.uniqueUser("tunnel");
    String token = api.token(author);
    String feed = "user:" + author;
    List<StalledClient> stalled = new ArrayList<>();
    try (StreamClient healthy = StreamClient.connect(api, null)) {
      healthy.subscribeAndWait(feed, null);
      Flood.awaitStreams(api, 1);
      for (int i = 0; i < STALLED; i++) {
        // Each stops at another point of the stream (the first at once), some while a frame is on
        // its
        // way.
        stalled.add(new StalledClient(api, feed).readThenStall(5 * i));
      }
      List<JsonObject> events = new ArrayList<>();
      int posted =
          Flood.postUntil(
              api,
              token,
              "x".repeat(480),
              "every stalled phone closed",
              () -> Flood.connections(api) <= 1,
              PACED_BATCH,
              batch -> events.addAll(healthy.events(batch, WAIT)));
      assertEquals(posted, events.size(), "events the healthy subscriber received");
      assertInIdOrder(events);
      for (StalledClient client : stalled) {
        assertTrue(client.awaitStalled(WAIT), "a phone never stopped reading");
        assertEquals(4008, client.readUntilClose(WAIT), "close code");
      }
    } finally {
      for (StalledClient client : stalled) {
        client.close();
      }
    }
    assertReady();
  }

  @Test
  @Order(3)
  void theNodeStopsWithinItsDrainTimeWhileSendsWaitOnStalledPhones() throws Exception {
    String author = Api.uniqueUser("parked");
    String token = api.token(author);
    List<StalledClient> atStop = new ArrayList<>();
    try {
      for (int i = 0; i < STALLED / 2; i++) {
        atStop.add(new StalledClient(api, "user:" + author).readThenStall(1 + i));
      }
      for (int i = 0; i < 400; i++) {
        api.createPost(token, "x".repeat(480));
      }
      long stopping = System.nanoTime();
      node.terminate();
      Duration took = Duration.ofNanos(System.nanoTime() - stopping);
      assertTrue(
          took.compareTo(Duration.ofSeconds(DRAIN_SECONDS + 20)) < 0,
          "the node took " + took + " to stop, with a drain time of " + DRAIN_SECONDS + " s");
    } finally {
      for (StalledClient client : atStop) {
        client.close();
      }
    }
  }

  private void assertReady() {
    Api.Reply ready = api.get("health/ready", null);
    assertEquals(200, ready.status(), "no call stuck, node ready: " + ready.body());
  }

  private static void assertInIdOrder(List<JsonObject> events) {
    long previous = 0;
    for (JsonObject event : events) {
      long id = Long.parseLong(event.getString("id"));
      assertTrue(id > previous, "event " + id + " after " + previous);
      previous = id;
    }
  }
}
