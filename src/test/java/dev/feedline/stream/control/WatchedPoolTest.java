package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A pool whose stuck threads are replaced, up to as many spares as it has threads. */
class WatchedPoolTest {
  @Test
  void aStuckThreadsReplacementRunsTheQueuedWorkAndSparesRunOut() throws Exception {
    WatchedPool pool = new WatchedPool("feedline-test", 1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stuckRunning = new CountDownLatch(1);
    CountDownLatch queuedRan = new CountDownLatch(1);
    try {
      pool.execute(
          () -> {
            stuckRunning.countDown();
            await(release);
          });
      assertTrue(stuckRunning.await(30, TimeUnit.SECONDS));
      pool.execute(queuedRan::countDown);

      assertTrue(pool.replaceStuck());
      assertTrue(queuedRan.await(30, TimeUnit.SECONDS), "the spare thread runs the queued task");
      assertFalse(pool.replaceStuck(), "one spare for a pool of one");
      assertTrue(pool.owns("feedline-test-2"));
      assertFalse(pool.owns("feedline-writer-1"));
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
