package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Terminating a node (SIGTERM, as Kubernetes stops a pod) drains it: readiness turns DOWN first,
 * then WebSockets close with 1001 and SSE streams end, spread over the drain period. Runs its own
 * Liberty server.
 */
@Order(1)
class DrainIT {
  /** A thread per task: the common pool may have a single thread on a small machine. */
  private static final Executor OWN_THREAD = task -> new Thread(task, "drain-it").start();

  @Test
  void terminatingTheNodeTurnsReadinessDownThenClosesStreamsWith1001() throws Exception {
    try (LibertyNode node = LibertyNode.create()) {
      node.start(Map.of("FEEDLINE_STREAM_DRAIN_SECONDS", "4"));
      Api api = node.api();
      String user = Api.uniqueUser("drained");
      StreamClient ws = StreamClient.connect(api, api.token(user));
      ws.subscribeAndWait("home", null);
      SseClient sse = SseClient.open(api, "feed=public", null, null);
      assertEquals("subscribed", sse.next(Duration.ofSeconds(30)).name());

      AtomicLong readyDownAt = new AtomicLong();
      CompletableFuture<Void> prober =
          CompletableFuture.runAsync(
              () -> {
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (readyDownAt.get() == 0 && System.nanoTime() < deadline) {
                  try {
                    if (api.get("health/ready", null).status() != 200) {
                      readyDownAt.set(System.nanoTime());
                    }
                  } catch (IllegalStateException refused) {
                    readyDownAt.compareAndSet(0, System.nanoTime());
                  }
                }
              },
              OWN_THREAD);
      CompletableFuture<Void> stopper = CompletableFuture.runAsync(node::terminate, OWN_THREAD);

      int code = ws.closeCode(Duration.ofSeconds(60));
      long closedAt = System.nanoTime();
      assertEquals(1001, code);
      assertTrue(sse.awaitEnd(Duration.ofSeconds(60)), "the SSE stream ends on drain");
      prober.get(60, TimeUnit.SECONDS);
      assertTrue(readyDownAt.get() != 0, "readiness never turned DOWN");
      assertTrue(readyDownAt.get() < closedAt, "readiness must turn DOWN before streams close");
      // A terminate that failed or did not return fails the test with its own exception.
      stopper.get(120, TimeUnit.SECONDS);
    }
  }

  /**
   * With only WebSockets open nothing holds the server's own quiesce, so the node must drain before
   * it stops rather than alongside: each client gets its 1001 close frame (not a broken
   * connection), spread over the period, and the log tells the drain from start to end.
   */
  @Test
  void webSocketsAloneAreClosedWith1001BeforeTheServerStops() throws Exception {
    try (LibertyNode node = LibertyNode.create()) {
      node.start(Map.of("FEEDLINE_STREAM_DRAIN_SECONDS", "3"));
      Api api = node.api();
      List<StreamClient> clients = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        StreamClient ws = StreamClient.connect(api, api.token(Api.uniqueUser("alone")));
        ws.subscribeAndWait("public", null);
        clients.add(ws);
      }
      CompletableFuture<Void> stopper = CompletableFuture.runAsync(node::terminate, OWN_THREAD);
      for (StreamClient ws : clients) {
        assertEquals(1001, ws.closeCode(Duration.ofSeconds(60)), "close code");
      }
      stopper.get(120, TimeUnit.SECONDS);
      String log = node.messagesLog();
      assertTrue(log.contains("Draining 3 connections over 3 s"), "drain start logged:\n" + log);
      assertTrue(log.contains("Drained"), "drain end logged:\n" + log);
    }
  }
}
