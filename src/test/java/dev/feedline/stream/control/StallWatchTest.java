package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.stream.entity.CloseCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The watchdog: overdue sends close with 4008; a call stuck past the limit is reported, its thread
 * replaced where its pool can, and the node impaired where it cannot.
 */
class StallWatchTest {
  private static StreamSettings settings() {
    StreamSettings settings = new StreamSettings();
    settings.maxConnections = 10;
    settings.maxConnectionsPerUser = 10;
    return settings;
  }

  @Test
  void aThreadStuckPastTheLimitThatCannotBeReplacedImpairsTheNodeUntilItReturns() throws Exception {
    CallWatch calls = new CallWatch();
    List<String> asked = new ArrayList<>();
    StallWatch watch =
        new StallWatch(
            new ConnectionRegistry(settings()),
            calls,
            0,
            thread -> asked.add(thread) && false,
            c -> {});
    CountDownLatch release = new CountDownLatch(1);
    Thread stuck = stuckIn(calls, "close", "websocket 42", "feedline-closer-test", release);

    watch.run();
    watch.run();
    CallWatch.Call call = watch.impairing();
    assertNotNull(call, "the stuck call is reported");
    assertEquals("feedline-closer-test", call.thread());
    assertEquals("close", call.what());
    assertEquals("websocket 42", call.connection());
    assertEquals(1, watch.stuck().size());
    assertEquals(List.of("feedline-closer-test"), asked, "replacement asked for once");

    release.countDown();
    stuck.join(Duration.ofSeconds(30).toMillis());
    watch.run();
    assertNull(watch.impairing(), "nothing is stuck once the call returned");
    assertEquals(List.of(), watch.stuck());
    assertNull(calls.longest());
  }

  @Test
  void aThreadStuckPastTheLimitWhosePoolReplacesItIsReportedButDoesNotImpairTheNode()
      throws Exception {
    CallWatch calls = new CallWatch();
    List<String> replaced = new ArrayList<>();
    StallWatch watch =
        new StallWatch(new ConnectionRegistry(settings()), calls, 0, replaced::add, c -> {});
    CountDownLatch release = new CountDownLatch(1);
    Thread stuck = stuckIn(calls, "ping", "websocket 7", "feedline-pinger-test", release);
    try {
      watch.run();
      watch.run();
      assertNull(watch.impairing(), "a replaced thread leaves the node ready");
      assertEquals(1, watch.stuck().size(), "but the stuck call is still counted");
      assertEquals(List.of("feedline-pinger-test"), replaced, "replaced once");
    } finally {
      release.countDown();
      stuck.join(Duration.ofSeconds(30).toMillis());
    }
  }

  /** A thread inside {@code what} on {@code on} until released, past a limit of 0 s already. */
  private static Thread stuckIn(
      CallWatch calls, String what, String on, String name, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch inside = new CountDownLatch(1);
    Thread stuck =
        new Thread(
            () -> {
              CallWatch.Slot call = calls.enter(what, on);
              inside.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                calls.exit(call);
              }
            },
            name);
    stuck.start();
    assertTrue(inside.await(30, TimeUnit.SECONDS));
    long entered = System.nanoTime();
    while (System.nanoTime() == entered) {
      Thread.onSpinWait();
    }
    return stuck;
  }

  @Test
  void connectionsWhoseSendIsOverdueAreClosedWith4008AndForgotten() {
    ConnectionRegistry connections = new ConnectionRegistry(settings());
    RecordingTransport stalled = new RecordingTransport(RecordingTransport.Mode.DEFERRED);
    RecordingTransport healthy = new RecordingTransport(RecordingTransport.Mode.INLINE);
    CallWatch calls = new CallWatch();
    Subscriber slow =
        new Subscriber(stalled, 1 << 20, Runnable::run, Runnable::run, () -> {}, calls, 0);
    Subscriber fast =
        new Subscriber(healthy, 1 << 20, Runnable::run, Runnable::run, () -> {}, calls, 0);
    Connection slowConnection = new Connection("slow", null, slow);
    connections.admit(slowConnection);
    connections.admit(new Connection("fast", null, fast));
    List<Connection> forgotten = new ArrayList<>();
    StallWatch watch = new StallWatch(connections, calls, 60, thread -> false, forgotten::add);
    slow.offer("never completes");
    fast.offer("completes at once");
    long sent = System.nanoTime();
    while (System.nanoTime() == sent) {
      Thread.onSpinWait();
    }

    watch.run();
    assertEquals(List.of(CloseCodes.TOO_SLOW), stalled.closes());
    assertEquals(List.of(), healthy.closes());
    assertEquals(List.of(slowConnection), forgotten);
  }
}
