package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  // More than the IT server's writer threads (feedline.stream.writer-threads, 2).
  private static final int STALLED = 3;
  // Posts the healthy subscriber receives before the next batch: about 24 KB, within its queue.
  private static final int PACED_BATCH = 40;
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
    List<StalledClient> stalled = new ArrayList<>();
    try (StreamClient healthy = StreamClient.connect(api, null)) {
      healthy.subscribeAndWait(feed, null);
      Flood.awaitStreams(api, 1);
      for (int i = 0; i < STALLED; i++) {
        stalled.add(new StalledClient(api, feed));
      }
      // Until the server has cut every stalled client off (they leave the connection count), in
      // batches the healthy subscriber must receive in full before the next: it keeps up by
      // construction, so only the stalled clients can have held it up.
      List<JsonObject> events = new ArrayList<>();
      int posted =
          Flood.postUntil(
              api,
              token,
              "x".repeat(480),
              "every slow consumer closed",
              () -> Flood.connections(api) <= 1,
              PACED_BATCH,
              batch -> events.addAll(healthy.events(batch, Duration.ofSeconds(60))));
      assertEquals(posted, events.size());
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
      for (StalledClient client : stalled) {
        client.close();
      }
    }
  }
}
