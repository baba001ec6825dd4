package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The node offers no h2c: a client asking for the cleartext HTTP/2 upgrade, as the JDK's HttpClient
 * does on every request by default, is answered over HTTP/1.1, even in a burst, and the node stays
 * ready. Liberty's h2c upgrade under such a burst once parked every executor thread.
 */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class ProtocolIT {
  private static final int REQUESTS = 200;
  private static final int AT_ONCE = 40;
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);
  private static final Duration BURST_BOUND = Duration.ofSeconds(120);
  private final Api api = Api.itServer();

  @Test
  void h2cUpgradeRequestIsAnsweredOverHttp11WithoutSwitchingProtocols() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(api.base().getHost(), api.base().getPort()), 10_000);
      socket.setSoTimeout((int) ANSWER_BOUND.toMillis());
      OutputStream out = socket.getOutputStream();
      // What the JDK's HttpClient sends on a cleartext connection unless told HTTP/1.1.
      String request =
          "GET /health/ready HTTP/1.1\r\nHost: "
              + api.base().getHost()
              + ":"
              + api.base().getPort()
              + "\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
              + "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = statusLine(socket.getInputStream());
      assertTrue(status.startsWith("HTTP/1.1 200 "), "answer to an h2c upgrade: " + status);
    }
  }

  @Test
  void burstOfRequestsAskingForH2cIsAnsweredOverHttp11AndLeavesTheNodeReady() throws Exception {
    // The version is left at the default, HTTP/2: each request asks for the h2c upgrade.
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    assertEquals(HttpClient.Version.HTTP_2, http.version());
    String token = api.token(Api.uniqueUser("burst"));
    ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        HttpRequest request = i % 2 == 0 ? readPublic() : post(token, "burst " + i);
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
      }
      go.countDown();
      long deadline = System.nanoTime() + BURST_BOUND.toNanos();
      for (int i = 0; i < REQUESTS; i++) {
        HttpResponse<String> response = answer(i, answers.get(i), deadline);
        String what = response.request().method() + " " + response.uri() + " (request " + i + ")";
        assertEquals(i % 2 == 0 ? 200 : 201, response.statusCode(), what + ": " + response.body());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version(), what);
      }
    } finally {
      pool.shutdownNow();
    }
    Api.Reply ready = api.get("health/ready", null);
    assertEquals(200, ready.status(), "the node after the burst: " + ready.body());
  }

  private HttpRequest readPublic() {
    return HttpRequest.newBuilder(api.base().resolve("api/v1/feeds/public?limit=1"))
        .timeout(ANSWER_BOUND)
        .build();
  }

  private HttpRequest post(String token, String text) {
    return HttpRequest.newBuilder(api.base().resolve("api/v1/posts"))
        .timeout(ANSWER_BOUND)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Api.postBody(text)))
        .build();
  }

  /** The answer to request {@code i}; a request the server left unanswered fails, saying so. */
  private static HttpResponse<String> answer(
      int i, Future<HttpResponse<String>> answer, long deadline) throws InterruptedException {
    try {
      return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Request " + i + " of the burst not answered within " + BURST_BOUND.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        throw new AssertionError(
            "The server did not answer request "
                + i
                + " of the burst within "
                + ANSWER_BOUND.toSeconds()
                + " s",
            e.getCause());
      }
      return fail("Request " + i + " of the burst failed: " + e.getCause(), e.getCause());
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("The server closed the connection after: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
