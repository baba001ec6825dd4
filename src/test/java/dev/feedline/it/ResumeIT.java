package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The stream's promise: after a resume, every event exactly once, in order. */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class ResumeIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** For the next event: longer than a POST may take, so a hung publisher is reported as such. */
  private static final Duration EVENT_WAIT = Api.ANSWER_BOUND.plusSeconds(15);

  /** How often a wait for events looks at the publishers; it returns as soon as one arrives. */
  private static final Duration PUBLISHER_CHECK = Duration.ofMillis(100);

  private static final int PUBLISHERS = 3;
  private static final int POSTS_EACH = 30;

  /**
   * How many posts the publishers may be ahead of the events the client received. A resume replays
   * at most half the outbound queue, 16 KiB on the IT server (about 60 of these events), and
   * answers reset beyond it, as configured: kept below that, every resume here must replay.
   */
  private static final int LEAD = 30;

  private final Api api = Api.itServer();

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
    ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
    List<CompletableFuture<Void>> publishers = new ArrayList<>();
    Semaphore lead = new Semaphore(LEAD);
    List<JsonObject> received = new ArrayList<>();
    String last;
    StreamClient client = StreamClient.connect(api, null);
    try {
      client.subscribeAndWait("tag:" + tag, null);
      last = client.subscribeAndWait(firstAuthor, null);
      for (int p = 0; p < PUBLISHERS; p++) {
        String token = tokens.get(p);
        publishers.add(
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < POSTS_EACH; i++) {
                    awaitLead(lead);
                    created.add(api.createPost(token, "post " + i + " #" + tag).getString("id"));
                  }
                },
                pool));
      }
      int expected = PUBLISHERS * POSTS_EACH;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (received.size() < expected) {
        assertTrue(System.nanoTime() < deadline, "only " + received.size() + " events arrived");
        int take = ThreadLocalRandom.current().nextInt(1, 15);
        for (int i = 0; i < take && received.size() < expected; i++) {
          JsonObject event = nextEvent(client, publishers);
          received.add(event);
          lead.release();
          last = event.getString("id");
        }
        client.abort();
        client = StreamClient.connect(api, null);
        // Both feeds resume from the one cursor, sent together as a client library would.
        client.subscribe("tag:" + tag, last);
        client.subscribe(firstAuthor, last);
      }
      awaitPublishers(publishers);
      // Nothing may arrive twice after the last resume: the next event is a post made after all.
      String sentinel = api.createPost(tokens.get(0), "sentinel #" + tag).getString("id");
      JsonObject next = nextEvent(client, publishers);
      assertEquals(sentinel, next.getJsonObject("data").getString("id"), "after the last resume");
    } finally {
      client.close();
      pool.shutdownNow();
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

  /** Waits until the client has received enough for a publisher to post again. */
  private static void awaitLead(Semaphore lead) {
    try {
      if (!lead.tryAcquire(EVENT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "The client stayed " + LEAD + " events behind for " + Poll.span(EVENT_WAIT));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The next event on {@code client}. Waits for it and for the publishers together: a publisher
   * that fails fails the test at once with its own exception, rather than as a missing event. A
   * reset or error frame fails too: every resume here is within the retained history and, with the
   * publishers at most {@link #LEAD} posts ahead, within the replay's bound.
   */
  private static JsonObject nextEvent(
      StreamClient client, List<CompletableFuture<Void>> publishers) {
    long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
    while (true) {
      failIfAnyFailed(publishers);
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "No event from the server within "
                + Poll.span(EVENT_WAIT)
                + ", the publishers "
                + (publishers.stream().allMatch(CompletableFuture::isDone)
                    ? "all done"
                    : "still posting"));
      }
      JsonObject frame = client.poll(Duration.ofNanos(Math.min(left, PUBLISHER_CHECK.toNanos())));
      if (frame == null) {
        continue;
      }
      String type = frame.getString("type", "");
      if (type.contains(".")) {
        return frame;
      }
      if (type.equals("reset") || type.equals("error")) {
        throw new AssertionError("A resume within the replay's bounds was answered " + frame);
      }
    }
  }

  private static void failIfAnyFailed(List<CompletableFuture<Void>> publishers) {
    for (int p = 0; p < publishers.size(); p++) {
      CompletableFuture<Void> publisher = publishers.get(p);
      if (publisher.isCompletedExceptionally()) {
        try {
          publisher.join();
        } catch (CompletionException e) {
          throw new AssertionError(
              "Publisher " + p + " failed: " + e.getCause().getMessage(), e.getCause());
        }
      }
    }
  }

  private static void awaitPublishers(List<CompletableFuture<Void>> publishers)
      throws InterruptedException {
    try {
      CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      failIfAnyFailed(publishers);
      throw new AssertionError(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Publishers still posting " + Poll.span(WAIT) + " after every event arrived");
    }
  }

  /**
   * A position that the history no longer holds answers {@code reset}, not a partial replay. The
   * feed gets a single post after the position, so a replay would be one small event: the reset can
   * only come from the history's bound, not from the replay's size. After the reset the client does
   * what the contract says: loads a page and subscribes from its position, which replays nothing
   * twice and goes live.
   */
  @Test
  void positionOlderThanRetainedHistoryAnswersReset() {
    String token = api.token(Api.uniqueUser("prolific"));
    String feed = "tag:" + "o" + Api.uniqueUser("t").toLowerCase().replace("-", "_");
    long retained = retainedEvents();
    String since;
    try (StreamClient probe = StreamClient.connect(api, null)) {
      since = probe.subscribeAndWait(feed, null);
    }
    String first = api.createPost(token, "first", tag(feed)).getString("id");
    // Push the position out of the retained history with posts on other feeds.
    for (long i = 0; i < retained + 20; i++) {
      api.createPost(token, "filler " + i);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      assertTrue(System.nanoTime() < deadline, "no reset within 60 s");
      try (StreamClient client = StreamClient.connect(api, null)) {
        client.subscribeAndWait(feed, since);
        JsonObject next = client.next(WAIT);
        if (next.getString("type").equals("reset")) {
          assertEquals(feed, next.getString("feed"));
          break;
        }
        // Not pruned yet: then the whole replay comes, which on this feed is the first post.
        assertEquals("post.created", next.getString("type"), next.toString());
        assertEquals(first, next.getJsonObject("data").getString("id"), "a partial replay");
      }
    }

    JsonObject page = api.feed(feed, "", null);
    assertEquals(first, page.getJsonArray("posts").getJsonObject(0).getString("id"));
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.subscribeAndWait(feed, page.getString("position"));
      String after = api.createPost(token, "after the reset", tag(feed)).getString("id");
      JsonObject next = client.next(WAIT);
      assertEquals("post.created", next.getString("type"), "from a page's position: " + next);
      assertEquals(after, next.getJsonObject("data").getString("id"), next.toString());
    }
  }

  /** How many events the server keeps for resumes, as its configuration view says. */
  private long retainedEvents() {
    String admin = api.token(Api.uniqueUser("operator"), "user", "admin");
    Api.Reply config = api.get("api/v1/admin/config", admin);
    for (JsonValue value : config.json().getJsonArray("settings")) {
      JsonObject setting = value.asJsonObject();
      if (setting.getString("key").equals("feedline.stream.history-max-events")) {
        return Long.parseLong(setting.getString("value"));
      }
    }
    throw new AssertionError("No feedline.stream.history-max-events in " + config.body());
  }

  private static String tag(String feed) {
    return feed.substring("tag:".length());
  }
}
