package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client and the web app through a real drain (src/test/js/drain.test.mjs): the node
 * is terminated as Kubernetes stops a pod (readiness DOWN, WebSockets closed with 1001, SSE streams
 * ended), then started again on the same port and data, while the Node tests watch and post. The
 * tests drive the node through a small HTTP control on 127.0.0.1. Runs its own server.
 */
@Order(1)
class ClientDrainIT {
  private static final Map<String, String> ENV = Map.of("FEEDLINE_STREAM_DRAIN_SECONDS", "2");

  @Test
  void libraryAndWebAppResumeEveryPostAfterARealDrain() throws Exception {
    assertTrue(NodeTests.nodeMajor() >= 20, "the client's tests need Node 20 or newer");
    assertTrue(
        Files.isExecutable(Path.of("/usr/bin/chromium")),
        "the web app's tests need Debian's chromium (apt-get install chromium; .ci/run does)");
    ExecutorService worker = Executors.newSingleThreadExecutor();
    HttpServer control =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try (LibertyNode node = LibertyNode.create()) {
      node.start(ENV);
      CompletableFuture<?>[] stopping = {CompletableFuture.completedFuture(null)};
      control.createContext(
          "/terminate",
          exchange ->
              answer(
                  exchange,
                  () -> stopping[0] = CompletableFuture.runAsync(node::terminate, worker)));
      control.createContext(
          "/start",
          exchange ->
              answer(
                  exchange,
                  () -> {
                    stopping[0].get(LibertyNode.START_BOUND.toSeconds(), TimeUnit.SECONDS);
                    node.start(ENV);
                    return null;
                  }));
      control.start();
      String url = "http://127.0.0.1:" + control.getAddress().getPort();
      assertNull(
          NodeTests.run(
              "client-drain", node.api(), Map.of("FEEDLINE_CONTROL", url), 420, "drain.test.mjs"));
    } finally {
      control.stop(0);
      worker.shutdownNow();
    }
  }

  private interface Action {
    Object run() throws Exception;
  }

  /** Runs the action for a POST and answers 204, or 500 with what went wrong. */
  private static void answer(HttpExchange exchange, Action action) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      try {
        action.run();
        exchange.sendResponseHeaders(204, -1);
      } catch (Exception e) {
        byte[] body = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(500, body.length);
        exchange.getResponseBody().write(body);
      }
    }
  }
}
