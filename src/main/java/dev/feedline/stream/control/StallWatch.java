package dev.feedline.stream.control;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The watchdog, every second. It closes with 4008 each connection whose send has been in flight
 * past the send timeout (its peer stopped reading). And it reports each thread that has been inside
 * one call to a transport past the stuck-call limit, once, naming the connection, and has its pool
 * replace it; while a stuck thread cannot be replaced (a writer, or a pool out of spares) the node
 * is not ready, so Kubernetes moves traffic away rather than leaving a node that delivers nothing.
 */
final class StallWatch implements Runnable {
  private static final Logger LOG = Logger.getLogger(StallWatch.class.getName());

  private final ConnectionRegistry connections;
  private final CallWatch calls;
  private final long stuckLimitNanos;
  private final Predicate<String> replaceStuckThread;
  private final Consumer<Connection> disconnect;
  private final Set<CallWatch.Call> replaced = new HashSet<>();
  private final Set<CallWatch.Call> unreplaced = new HashSet<>();
  private volatile List<CallWatch.Call> stuck = List.of();
  private volatile CallWatch.Call impairing;

  StallWatch(
      ConnectionRegistry connections,
      CallWatch calls,
      long stuckLimitSeconds,
      Predicate<String> replaceStuckThread,
      Consumer<Connection> disconnect) {
    this.connections = connections;
    this.calls = calls;
    this.stuckLimitNanos = TimeUnit.SECONDS.toNanos(stuckLimitSeconds);
    this.replaceStuckThread = replaceStuckThread;
    this.disconnect = disconnect;
  }

  @Override
  public void run() {
    long now = System.nanoTime();
    for (Connection c : connections.all()) {
      if (c.subscriber().closeIfOverdue(now)) {
        disconnect.accept(c);
      }
    }
    List<CallWatch.Call> over = calls.longerThan(stuckLimitNanos);
    Set<CallWatch.Call> current = new HashSet<>();
    CallWatch.Call worst = null;
    for (CallWatch.Call call : over) {
      CallWatch.Call key = identity(call);
      current.add(key);
      if (replaced.contains(key)) {
        continue;
      }
      if (!unreplaced.contains(key)) {
        boolean replacedNow = replaceStuckThread.test(call.thread());
        (replacedNow ? replaced : unreplaced).add(key);
        LOG.warning(
            "Thread "
                + call.thread()
                + " has been inside a "
                + call.what()
                + " on connection "
                + call.connection()
                + " for "
                + TimeUnit.NANOSECONDS.toSeconds(call.nanos())
                + " s"
                + (replacedNow
                    ? "; its pool has another thread in its place"
                    : "; it cannot be replaced, so the node reports not ready while it lasts"));
        if (replacedNow) {
          continue;
        }
      }
      if (worst == null || call.nanos() > worst.nanos()) {
        worst = call;
      }
    }
    replaced.retainAll(current);
    unreplaced.retainAll(current);
    stuck = over;
    impairing = worst;
  }

  /** The calls stuck past the limit now. */
  List<CallWatch.Call> stuck() {
    return stuck;
  }

  /** A call stuck past the limit whose thread could not be replaced, or null. */
  CallWatch.Call impairing() {
    return impairing;
  }

  private static CallWatch.Call identity(CallWatch.Call call) {
    return new CallWatch.Call(call.thread(), call.what(), call.connection(), call.since(), 0);
  }
}
