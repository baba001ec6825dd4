package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Each metric exists and moves when its event happens; tokens never reach the server's logs. */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class MetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final Api api = Api.itServer();

  @Test
  void metricsMoveWithPostsDeliveriesConnectionsResumesAndStatuses() {
    String author = Api.uniqueUser("metered");
    String token = api.token(author);
    double published = value("feedline_events_published_total", "type=post.created");
    double deliveries = value("feedline_deliveries_total");
    double created = value("feedline_http_requests_total", "status=201");
    double resumes = value("feedline_resumes_total");
    double resets = value("feedline_resets_total");
    double closed1000 =
        value("feedline_connections_closed_total", "code=1000", "transport=websocket");
    double latencies = value("feedline_delivery_latency_seconds_count");
    String position;
    try (StreamClient client = StreamClient.connect(api, null)) {
      position = client.subscribeAndWait("user:" + author, null);
      assertTrue(value("feedline_connections", "transport=websocket") >= 1);
      assertTrue(value("feedline_subscriptions", "kind=user") >= 1);
      api.createPost(token, "counted");
      client.events(1, WAIT);
    }
    try (StreamClient resumed = StreamClient.connect(api, null)) {
      resumed.subscribeAndWait("user:" + author, position);
      resumed.events(1, WAIT);
      resumed.subscribeAndWait("public", "999999999");
      assertEquals("reset", resumed.next(WAIT).getString("type"));
    }
    Poll.until(
        WAIT,
        "metrics to move",
        () ->
            value("feedline_events_published_total", "type=post.created") > published
                && value("feedline_deliveries_total") >= deliveries + 2
                && value("feedline_http_requests_total", "status=201") > created
                && value("feedline_resumes_total") > resumes
                && value("feedline_resets_total") > resets
                && value("feedline_connections_closed_total", "code=1000", "transport=websocket")
                    > closed1000
                && value("feedline_delivery_latency_seconds_count") > latencies,
        () -> metrics());
    assertTrue(metrics().contains("feedline_delivery_latency_seconds_bucket"), "latency histogram");
  }

  /**
   * Keep-alive pings go out (on the pinger threads) and are counted; the watchdog's gauge of the
   * longest call into a connection is there and, with nothing stuck, far below the stuck-call
   * limit.
   */
  @Test
  void pingsAreCountedAndNoCallIsStuck() {
    double pings = value("feedline_websocket_pings_total");
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.subscribeAndWait("public", null);
      // The IT server pings every 3 s.
      Poll.until(
          WAIT,
          "a ping to be counted",
          () -> value("feedline_websocket_pings_total") > pings,
          () -> metrics());
    }
    double longest = value("feedline_stream_longest_call_seconds");
    assertTrue(longest >= 0 && longest < 30, "longest call in progress: " + longest + " s");
  }

  @Test
  void slowConsumerCloseCountsOnceInTheSlowConsumerCounter() throws Exception {
    String author = Api.uniqueUser("stalled");
    String token = api.token(author);
    double closes = value("feedline_slow_consumer_closes_total");
    try (StalledClient stalled = new StalledClient(api, "user:" + author)) {
      Flood.awaitStreams(api, 1);
      Flood.postUntil(
          api,
          token,
          "x".repeat(480),
          "the stalled client closed",
          () -> Flood.connections(api) == 0);
      assertEquals(4008, stalled.readUntilClose(WAIT));
    }
    Poll.until(
        WAIT,
        "the slow-consumer counter to move from " + closes,
        () -> value("feedline_slow_consumer_closes_total") > closes,
        () -> metrics());
    assertEquals(closes + 1, value("feedline_slow_consumer_closes_total"), "one stalled client");
  }

  @Test
  void markerWritesCountWhetherTheyMovedTheMarker() {
    String alice = api.token(Api.uniqueUser("alice"));
    api.createPost(alice, "read up to here");
    String position = api.feed("public", "?limit=1", null).getString("position");
    double moved = value("feedline_marker_writes_total", "result=moved");
    double unchanged = value("feedline_marker_writes_total", "result=unchanged");
    String body = "{\"position\":\"" + position + "\"}";

    assertEquals(
        200, api.send("PUT", "api/v1/markers/home", alice, "application/json", body).status());
    assertEquals(
        200, api.send("PUT", "api/v1/markers/home", alice, "application/json", body).status());

    assertEquals(moved + 1, value("feedline_marker_writes_total", "result=moved"));
    assertEquals(unchanged + 1, value("feedline_marker_writes_total", "result=unchanged"));
  }

  @Test
  void tokensNeverReachTheServerLogs() throws IOException {
    String user = Api.uniqueUser("secretive");
    String token = api.token(user);
    api.createPost(token, "with a header token");
    try (StreamClient ws = StreamClient.connectWithQueryToken(api, token)) {
      ws.subscribeAndWait("home", null);
    }
    try (SseClient sse = SseClient.open(api, "feed=home&access_token=" + token, null, null)) {
      assertEquals("subscribed", sse.next(WAIT).name());
    }
    String forged = token.substring(0, token.length() - 4) + "AAAA";
    api.get("api/v1/feeds/home", forged);
    try (StreamClient refused = StreamClient.connectWithQueryToken(api, forged)) {
      refused.closeCode(WAIT);
    }
    String signature = token.substring(token.lastIndexOf('.') + 1);
    String forgedSignature = forged.substring(forged.lastIndexOf('.') + 1);
    Path logs =
        Path.of(
            System.getProperty("feedline.it.wlp"),
            "usr",
            "servers",
            System.getProperty("feedline.it.server"),
            "logs");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(logs)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertTrue(!files.isEmpty());
    for (Path file : files) {
      String content = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
      assertTrue(!content.contains(signature), "a token is in " + file);
      assertTrue(!content.contains(forgedSignature), "a rejected token is in " + file);
    }
  }

  private String metrics() {
    return api.get("metrics", null).body();
  }

  /** The sample of {@code name} whose labels include each {@code label=value}; 0 if none. */
  private double value(String name, String... labels) {
    for (String line : metrics().lines().toList()) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      String labelText = line.substring(name.length() + 1, line.lastIndexOf('}'));
      boolean all = true;
      for (String label : labels) {
        String[] pair = label.split("=", 2);
        all &= labelText.contains(pair[0] + "=\"" + pair[1] + "\"");
      }
      if (all) {
        return Double.parseDouble(line.substring(line.lastIndexOf('}') + 1).trim());
      }
    }
    return 0;
  }
}
