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

/** The stream's promise: after a resume, every event exactly once, in order. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ResumeIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int PUBLISHERS = 3;
  private static final int POSTS_EACH = 30;
  private final Api api = Api.itServer();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.feedline();
  }

  /**
   * Three authors post concurrently while a client on two feeds drops its connection at random
   * points and resumes from the last id it saw.
   */
  @RepeatedTest(4)
  void resumeDuringConcurrentPublishingDeliversEachEventOnceInOrder() throws Exception {
    String tag = "r" + Api.uniqueUser("t").toLowerCase().replace("-", "_");
    List<String> authors = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < PUBLISHERS; i++) {
      authors.add(Api.uniqueUser("author" + i));
      tokens.add(api.token(authors.get(i)));
    }
    String firstAuthor = "user:" + authors.get(0);
    Set<String> created = ConcurrentHashMap.newKeySet();
    ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS);
    List<JsonObject> received = new ArrayList<>();
    String last;
    StreamClient client = StreamClient.connect(api, null);
    try {
      client.subscribeAndWait("tag:" + tag, null);
      last = client.subscribeAndWait(firstAuthor, null);
      List<Future<?>> running = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        String token = tokens.get(p);
        running.add(
            publishers.submit(
                () -> {
                  for (int i = 0; i < POSTS_EACH; i++) {
                    created.add(api.createPost(token, "post " + i + " #" + tag).getString("id"));
                  }
                }));
      }
      int expected = PUBLISHERS * POSTS_EACH;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (received.size() < expected) {
        assertTrue(System.nanoTime() < deadline, "only " + received.size() + " events arrived");
        int take = ThreadLocalRandom.current().nextInt(1, 15);
        for (int i = 0; i < take && received.size() < expected; i++) {
          JsonObject event = client.events(1, WAIT).get(0);
          received.add(event);
          last = event.getString("id");
        }
        client.abort();
        client = StreamClient.connect(api, null);
        // Both feeds resume from the one cursor, sent together as a client library would.
        client.subscribe("tag:" + tag, last);
        client.subscribe(firstAuthor, last);
      }
      for (Future<?> publisher : running) {
        publisher.get(60, TimeUnit.SECONDS);
      }
      assertEquals(null, extraEvent(client), "nothing may arrive twice after the last resume");
    } finally {
      client.close();
      publishers.shutdownNow();
    }

    long previous = 0;
    Set<String> posts = new LinkedHashSet<>();
    for (JsonObject event : received) {
      long id = Long.parseLong(event.getString("id"));
      assertTrue(id > previous, "ids must strictly increase: " + previous + " then " + id);
      previous = id;
      assertEquals("post.created", event.getString("type"));
      assertTrue(posts.add(event.getJsonObject("data").getString("id")), "a post arrived twice");
      String author = event.getJsonObject("data").getString("author");
      List<String> feeds =
          event.getJsonArray("feeds").getValuesAs(jakarta.json.JsonString::getString);
      List<String> expectedFeeds =
          author.equals(authors.get(0))
              ? List.of("tag:" + tag, firstAuthor)
              : List.of("tag:" + tag);
      assertEquals(expectedFeeds, feeds);
    }
    assertEquals(created, posts);
  }

  /** An event or reset frame arriving after everything was received: there must be none. */
  private static String extraEvent(StreamClient client) {
    JsonObject frame;
    while ((frame = client.poll(Duration.ofMillis(500))) != null) {
      if (frame.getString("type").contains(".") || frame.getString("type").equals("reset")) {
        return frame.toString();
      }
    }
    return null;
  }

  @Test
  void positionOlderThanRetainedHistoryAnswersReset() {
    String author = Api.uniqueUser("prolific");
    String token = api.token(author);
    String first = api.createPost(token, "first").getString("id");
    String since;
    try (StreamClient probe = StreamClient.connect(api, null)) {
      since = probe.subscribeAndWait("public", null);
    }
    // The IT server keeps 400 events: push the position out of the retained history.
    for (int i = 0; i < 420; i++) {
      api.createPost(token, "filler " + i);
    }
    assertTrue(Long.parseLong(first) > 0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      assertTrue(System.nanoTime() < deadline, "no reset within 60 s");
      try (StreamClient client = StreamClient.connect(api, null)) {
        client.subscribeAndWait("user:" + author, since);
        JsonObject next = client.next(WAIT);
        if (next.getString("type").equals("reset")) {
          assertEquals("user:" + author, next.getString("feed"));
          return;
        }
        // Not pruned yet: the full replay came; try again once the pruner has run.
      }
    }
  }
}
