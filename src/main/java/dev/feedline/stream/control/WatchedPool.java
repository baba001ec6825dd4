package dev.feedline.stream.control;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of named threads for calls that may block in Liberty (pings, closes). A blocking write
 * that a peer's close catches mid-way waits forever in Liberty, and nothing frees its thread; so
 * for each thread the watchdog finds stuck the pool gets one more, up to as many spares as it has
 * threads. The stuck thread is lost, the pool's capacity is not, until the spares run out.
 */
final class WatchedPool implements Executor {
  private final String name;
  private final int size;
  private final ThreadPoolExecutor pool;
  private int spares; // guarded by this

  WatchedPool(String name, int size) {
    this.name = name;
    this.size = size;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            size,
            size,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /** Whether {@code thread} is one of this pool's (by name). */
  boolean owns(String thread) {
    return thread.startsWith(name + "-");
  }

  /** Adds a thread in place of a stuck one; false when every spare is spent. */
  synchronized boolean replaceStuck() {
    if (spares >= size) {
      return false;
    }
    spares++;
    pool.setMaximumPoolSize(size + spares);
    pool.setCorePoolSize(size + spares);
    return true;
  }

  void shutdown() {
    pool.shutdown();
  }

  void shutdownNow() {
    pool.shutdownNow();
  }
}
