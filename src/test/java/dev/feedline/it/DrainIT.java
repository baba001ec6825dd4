package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Terminating a node (SIGTERM, as Kubernetes stops a pod) drains it: readiness turns DOWN first,
 * then WebSockets close with 1001 and SSE streams end, spread over the drain period. Runs its own
 * Liberty server.
 */
class DrainIT {
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
      Thread prober =
          new Thread(
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
              });
      prober.start();
      Thread stopper = new Thread(node::terminate);
      stopper.start();

      int code = ws.closeCode(Duration.ofSeconds(60));
      long closedAt = System.nanoTime();
      assertEquals(1001, code);
      assertTrue(sse.awaitEnd(Duration.ofSeconds(60)), "the SSE stream ends on drain");
      prober.join(Duration.ofSeconds(60).toMillis());
      assertTrue(readyDownAt.get() != 0, "readiness never turned DOWN");
      assertTrue(readyDownAt.get() < closedAt, "readiness must turn DOWN before streams close");
      stopper.join(Duration.ofSeconds(120).toMillis());
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
      Thread stopper = new Thread(node::terminate);
      stopper.start();
      for (StreamClient ws : clients) {
        assertEquals(1001, ws.closeCode(Duration.ofSeconds(60)), "close code");
      }
      stopper.join(Duration.ofSeconds(120).toMillis());
      String log = node.messagesLog();
      assertTrue(log.contains("Draining 3 connections over 3 s"), "drain start logged:\n" + log);
      assertTrue(log.contains("Drained"), "drain end logged:\n" + log);
    }
  }
}
