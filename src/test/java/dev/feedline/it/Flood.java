package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Posts from several threads at once until stalled clients are cut off: kernel socket buffers
 * absorb a few MB before the server's own queue for such a client fills, so it takes thousands of
 * posts, bounded.
 */
final class Flood {
  private static final int THREADS = 8;
  private static final int BATCH = 400;
  private static final int MAX_POSTS = 20000;

  private Flood() {}

  /**
   * Posts {@code text} as {@code token}'s author, in batches, until {@code done} holds; answers how
   * many posts that took.
   */
  static int postUntil(Api api, String token, String text, String what, BooleanSupplier done)
      throws Exception {
    return postUntil(api, token, text, what, done, BATCH, posts -> {});
  }

  /**
   * As above, in batches of {@code size}, calling {@code afterBatch} with the batch's size before
   * the next one (a test that must keep up with the flood waits there).
   */
  static int postUntil(
      Api api,
      String token,
      String text,
      String what,
      BooleanSupplier done,
      int size,
      IntConsumer afterBatch)
      throws Exception {
    ExecutorService posters = Executors.newFixedThreadPool(THREADS);
    try {
      int posted = 0;
      while (!done.getAsBoolean()) {
        assertTrue(posted < MAX_POSTS, "not " + what + " after " + posted + " posts");
        List<Future<JsonObject>> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          batch.add(posters.submit(() -> api.createPost(token, text)));
        }
        for (Future<JsonObject> post : batch) {
          post.get(120, TimeUnit.SECONDS);
        }
        posted += size;
        afterBatch.accept(size);
      }
      return posted;
    } finally {
      posters.shutdownNow();
    }
  }

  /**
   * Waits until the node counts exactly the {@code open} streams the test has opened: a stream an
   * earlier test closed may take the server seconds to notice, and its close must not pass for one
   * the test waits for.
   */
  static void awaitStreams(Api api, int open) {
    Poll.until(
        Duration.ofSeconds(30),
        "the node to count only the test's " + open + " streams",
        () -> connections(api) == open,
        () -> connections(api) + " open");
  }

  /** The open streams of the node, as its readiness check reports them. */
  static int connections(Api api) {
    return api.get("health/ready", null)
        .json()
        .getJsonArray("checks")
        .getJsonObject(0)
        .getJsonObject("data")
        .getInt("connections");
  }
}
