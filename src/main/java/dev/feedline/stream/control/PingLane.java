package dev.feedline.stream.control;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Where a WebSocket ping that might wait on its peer is sent: threads of their own (never a
 * writer's), each call watched by the {@link CallWatch}. The connection sends nothing else while
 * its ping is out, and is closed with 4008 if the ping does not return within the send timeout.
 */
public final class PingLane {
  /** A ping that blocks its thread until written. */
  public interface BlockingPing {
    void send() throws Exception;
  }

  private final Executor pingers;
  private final CallWatch watch;

  PingLane(Executor pingers, CallWatch watch) {
    this.pingers = pingers;
    this.watch = watch;
  }

  /** Sends {@code ping} on a pinger thread; {@code done} gets null or the failure. */
  public void send(Object connection, BlockingPing ping, Consumer<Throwable> done) {
    try {
      pingers.execute(
          () -> {
            Throwable failure = null;
            CallWatch.Slot call = watch.enter("ping", connection);
            try {
              ping.send();
            } catch (Exception e) {
              failure = e;
            } finally {
              watch.exit(call);
            }
            done.accept(failure);
          });
    } catch (RejectedExecutionException e) {
      done.accept(e);
    }
  }
}
