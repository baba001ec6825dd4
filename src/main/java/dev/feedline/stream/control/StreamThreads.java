package dev.feedline.stream.control;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The engine's threads: one dispatcher that owns all routing state, two workers for store reads,
 * one for housekeeping, a bounded pool of writers that drain subscribers, closers, pingers, and one
 * timer. Every pool has a fixed size; closers and pingers get a spare thread for each one stuck in
 * Liberty, up to their size again ({@link WatchedPool}).
 */
final class StreamThreads implements Scheduling {
  private static final Logger LOG = Logger.getLogger(StreamThreads.class.getName());

  private final ExecutorService dispatcher =
      Executors.newSingleThreadExecutor(named("feedline-hub", 1));
  private final ExecutorService workers =
      Executors.newFixedThreadPool(2, named("feedline-recovery", 2));
  // Trims the history, resting between batches: never in the way of a store read.
  private final ExecutorService housekeeping =
      Executors.newSingleThreadExecutor(named("feedline-housekeeping", 1));
  private final ScheduledExecutorService timers =
      Executors.newScheduledThreadPool(1, named("feedline-timer", 1));
  private final ExecutorService writers;
  // A close can wait as long as a stalled peer does not read; it must never hold up a writer.
  private final WatchedPool closers;
  // Liberty writes pings blocking, with no time limit: never on a writer.
  private final WatchedPool pingers;

  StreamThreads(int writerThreads, int closerThreads, int pingerThreads) {
    writers = Executors.newFixedThreadPool(writerThreads, named("feedline-writer", writerThreads));
    closers = new WatchedPool("feedline-closer", closerThreads);
    pingers = new WatchedPool("feedline-pinger", pingerThreads);
  }

  /** Where WebSocket pings are sent from. */
  WatchedPool pingers() {
    return pingers;
  }

  /** Where subscribers close their connections from. */
  WatchedPool closers() {
    return closers;
  }

  /**
   * Gives the pool of a thread stuck in a call a thread in its place; false when it cannot (a
   * writer, which never makes a blocking call, or a pool whose spares are spent).
   */
  boolean replaceStuck(String thread) {
    for (WatchedPool pool : new WatchedPool[] {closers, pingers}) {
      if (pool.owns(thread)) {
        return pool.replaceStuck();
      }
    }
    return false;
  }

  /** Where subscribers send from. */
  ExecutorService writers() {
    return writers;
  }

  @Override
  public void run(Runnable task) {
    execute(dispatcher, task, "task");
  }

  @Override
  public void later(long delayMs, Runnable task) {
    try {
      timers.schedule(() -> run(task), delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.log(Level.FINE, "Stream stopped; timer dropped", e);
    }
  }

  @Override
  public void background(Runnable task) {
    execute(workers, task, "store read");
  }

  /** Runs {@code task} on the timer thread every {@code periodMs}; it must not block long. */
  void every(long periodMs, Runnable task) {
    timers.scheduleWithFixedDelay(task, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code task} on a worker every {@code periodMs}, skipping a turn while the last run has
   * not ended: store work never holds up the timer, which fires resume windows and keep-alives.
   */
  void everyInBackground(long periodMs, Runnable task) {
    everyOn(workers, periodMs, task);
  }

  /** Runs {@code task} on the housekeeping thread every {@code periodMs}, as above. */
  void everyInHousekeeping(long periodMs, Runnable task) {
    everyOn(housekeeping, periodMs, task);
  }

  private void everyOn(ExecutorService pool, long periodMs, Runnable task) {
    AtomicBoolean running = new AtomicBoolean();
    every(
        periodMs,
        () -> {
          if (running.compareAndSet(false, true)
              && !execute(
                  pool,
                  () -> {
                    try {
                      task.run();
                    } finally {
                      running.set(false);
                    }
                  },
                  "background task")) {
            running.set(false);
          }
        });
  }

  /** Hands {@code task} to {@code pool}; false when the stream has stopped and the pool refused. */
  private static boolean execute(ExecutorService pool, Runnable task, String what) {
    try {
      pool.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      LOG.log(Level.FINE, "Stream stopped; " + what + " dropped", e);
      return false;
    }
  }

  /** Whether the dispatcher runs a trivial task within two seconds. */
  boolean dispatcherResponsive() {
    CompletableFuture<Boolean> probe = new CompletableFuture<>();
    run(() -> probe.complete(true));
    try {
      return probe.get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      return false;
    }
  }

  /** Stops the timers and store reads at once, and lets the writers finish what they have. */
  void stop() {
    timers.shutdownNow();
    workers.shutdownNow();
    housekeeping.shutdownNow();
    dispatcher.shutdown();
    writers.shutdown();
    closers.shutdown();
    pingers.shutdownNow();
    try {
      writers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String name, int count) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, count == 1 ? name : name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
