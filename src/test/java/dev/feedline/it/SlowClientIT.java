package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stalled phones are cut off with 4008; everyone else keeps receiving. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SlowClientIT {
  private static final int BATCH = 400;
  private static final int MAX_POSTS = 20000;
  // More than the IT server's writer threads (feedline.stream.writer-threads, 2).
  private static final int STALLED = 3;
  private final Api api = Api.itServer();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.feedline();
  }

  /**
   * More stalled phones than the node has writer threads: closing them must not hold up a writer,
   * or the healthy subscriber would stop receiving.
   */
  @Test
  void stalledClientsAreClosedWith4008WhileOthersKeepReceiving() throws Exception {
    String author = Api.uniqueUser("loud");
    String token = api.token(author);
    String feed = "user:" + author;
    String text = "x".repeat(480);
    ExecutorService posters = Executors.newFixedThreadPool(8);
    List<StalledClient> stalled = new ArrayList<>();
    try (StreamClient healthy = StreamClient.connect(api, null)) {
      healthy.subscribeAndWait(feed, null);
      int before = connections();
      for (int i = 0; i < STALLED; i++) {
        stalled.add(new StalledClient(api, feed));
      }
      int posted = 0;
      // Kernel socket buffers absorb a few MB before the server's own queue fills: post until
      // the server has cut every stalled client off (they leave the connection count), bounded.
      while (connections() > before) {
        assertTrue(posted < MAX_POSTS, "not all slow consumers closed after " + posted + " posts");
        List<Future<JsonObject>> batch = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          batch.add(posters.submit(() -> api.createPost(token, text)));
        }
        for (Future<JsonObject> post : batch) {
          post.get(120, TimeUnit.SECONDS);
        }
        posted += BATCH;
      }
      // Meanwhile the healthy subscriber got every post, in order.
      List<JsonObject> events = healthy.events(posted, Duration.ofSeconds(120));
      long previous = 0;
      for (JsonObject event : events) {
        long id = Long.parseLong(event.getString("id"));
        assertTrue(id > previous);
        previous = id;
      }
      for (StalledClient client : stalled) {
        assertEquals(4008, client.readUntilClose(Duration.ofSeconds(60)));
      }
    } finally {
      posters.shutdownNow();
      for (StalledClient client : stalled) {
        client.close();
      }
    }
  }

  private int connections() {
    return api.get("health/ready", null)
        .json()
        .getJsonArray("checks")
        .getJsonObject(0)
        .getJsonObject("data")
        .getInt("connections");
  }
}
