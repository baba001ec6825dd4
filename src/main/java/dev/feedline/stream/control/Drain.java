package dev.feedline.stream.control;

import dev.feedline.stream.entity.CloseCodes;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Takes the node out of service: new connections are refused with 1001, open ones are closed with
 * 1001 in steps spread over the drain period so clients reconnect elsewhere gradually, then {@code
 * stop} ends the engine. Runs once; a second caller waits for the first.
 */
final class Drain {
  private static final Logger LOG = Logger.getLogger(Drain.class.getName());

  private final ConnectionRegistry connections;
  private final int drainSeconds;
  private final Consumer<Connection> disconnect;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean draining;

  Drain(ConnectionRegistry connections, int drainSeconds, Consumer<Connection> disconnect) {
    this.connections = connections;
    this.drainSeconds = drainSeconds;
    this.disconnect = disconnect;
  }

  boolean draining() {
    return draining;
  }

  /** Drains, then runs {@code stop}; a concurrent caller returns once that is done. */
  void run(Runnable stop) {
    if (!started.compareAndSet(false, true)) {
      try {
        done.await(drainSeconds + 5L, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      draining = true;
      closeAll();
      stop.run();
      LOG.info("Drained");
    } finally {
      done.countDown();
    }
  }

  private void closeAll() {
    List<Connection> open = connections.all();
    // WebSockets first: an open SSE response is in-flight work the server's quiesce waits for,
    // which keeps the listener serving the WebSockets until they are closed properly.
    open.sort(Comparator.comparing(c -> c.transport().kind().equals("sse")));
    long drainMs = TimeUnit.SECONDS.toMillis(drainSeconds);
    // The first close comes one step after readiness turned DOWN, so load balancers stop sending
    // first.
    int steps = (int) Math.max(1, Math.min(open.size(), drainMs / 50));
    int perStep = (open.size() + steps - 1) / steps;
    long pause = drainMs / (steps + 1);
    LOG.info("Draining " + open.size() + " connections over " + drainSeconds + " s");
    for (int i = 0; i < open.size(); i++) {
      if (i % perStep == 0 && pause > 0) {
        try {
          TimeUnit.MILLISECONDS.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      close(open.get(i));
    }
    // Whatever connected meanwhile (refused with 1001 already) or was left by an interrupt.
    connections.all().forEach(this::close);
  }

  private void close(Connection c) {
    c.subscriber().close(CloseCodes.GOING_AWAY, "node draining: reconnect and resume");
    disconnect.accept(c);
  }
}
