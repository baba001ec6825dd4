package dev.feedline.stream.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * The engine's threads as one test thread: the dispatcher loop is a FIFO queue, timers fire in due
 * order, and background reads run when the schedule says, in any order. Nothing runs by itself.
 */
final class SimulatedScheduling implements Scheduling {
  private record Timer(long due, long seq, Runnable task) {}

  private final Deque<Runnable> loop = new ArrayDeque<>();
  private final List<Timer> timers = new ArrayList<>();
  private final List<Runnable> background = new ArrayList<>();
  private long now;
  private long seq;

  @Override
  public void run(Runnable task) {
    loop.add(task);
  }

  @Override
  public void later(long delayMs, Runnable task) {
    timers.add(new Timer(now + delayMs, seq++, task));
  }

  @Override
  public void background(Runnable task) {
    background.add(task);
  }

  boolean idle() {
    return loop.isEmpty() && timers.isEmpty() && background.isEmpty();
  }

  /** Runs the next task of the loop; false if there is none. */
  boolean runLoop() {
    Runnable task = loop.poll();
    if (task == null) {
      return false;
    }
    task.run();
    return true;
  }

  /** Moves the clock to the next timer and queues its task on the loop; false if there is none. */
  boolean fireTimer() {
    Timer next =
        timers.stream()
            .min(Comparator.comparingLong(Timer::due).thenComparing(Timer::seq))
            .orElse(null);
    if (next == null) {
      return false;
    }
    timers.remove(next);
    now = Math.max(now, next.due());
    loop.add(next.task());
    return true;
  }

  /** Runs one of the waiting background tasks, chosen by {@code random}; false if there is none. */
  boolean runBackground(Random random) {
    if (background.isEmpty()) {
      return false;
    }
    background.remove(random.nextInt(background.size())).run();
    return true;
  }
}
