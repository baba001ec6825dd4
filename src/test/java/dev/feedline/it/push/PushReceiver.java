package dev.feedline.it.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A push service and the browser behind it, for tests: an HTTP server on 127.0.0.1 that checks each
 * push's VAPID header, decrypts its body for its one subscription, records both and answers as
 * scripted (503, 429 with Retry-After, 201, 410, or never). A request whose VAPID header fails is
 * answered 401 without using the script, as push services refuse unidentified senders.
 */
public final class PushReceiver implements AutoCloseable {
  /** One scripted answer: a status, an optional Retry-After, or no answer at all. */
  public record Answer(int status, String retryAfter, boolean unanswered) {
    public static Answer status(int status) {
      return new Answer(status, null, false);
    }

    public static Answer retryAfter(int status, String retryAfter) {
      return new Answer(status, retryAfter, false);
    }

    /** Holds the request open, unanswered, until the receiver closes. */
    public static Answer never() {
      return new Answer(0, null, true);
    }
  }

  /**
   * One request as it arrived: headers (names in any case), body, its plaintext when it decrypted
   * (else null), and why it was refused or could not be read (else null).
   */
  public record Received(
      String method,
      String path,
      Map<String, List<String>> headers,
      byte[] body,
      String plaintext,
      String problem,
      int answered) {
    /** The first value of the header {@code name}, or null. */
    public String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The plaintext as the JSON object the service sends. */
    public JsonObject json() {
      try (var reader = Json.createReader(new StringReader(plaintext))) {
        return reader.readObject();
      }
    }
  }

  private final UserAgent userAgent = UserAgent.create();
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService threads;
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final String path = "/push/" + userAgent.auth();

  private PushReceiver(Clock clock) throws IOException {
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    this.threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "push-receiver");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A receiver on a free port of 127.0.0.1, checking token expiry by the system clock. */
  public static PushReceiver start() throws IOException {
    return start(Clock.systemUTC());
  }

  public static PushReceiver start(Clock clock) throws IOException {
    return new PushReceiver(clock);
  }

  /** Adds answers to the script, used in order; once it runs out, every push is answered 201. */
  public PushReceiver answer(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** The subscription's endpoint: where the service POSTs pushes. */
  public URI endpoint() {
    return URI.create(origin() + path);
  }

  /** The endpoint's origin, which every VAPID token must name as its {@code aud}. */
  public String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String p256dh() {
    return userAgent.p256dh();
  }

  public String auth() {
    return userAgent.auth();
  }

  /** Every request so far, in arrival order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /**
   * The next request not yet taken, waiting up to {@code timeout} for it.
   *
   * @throws AssertionError when none arrives in time
   */
  public Received next(Duration timeout) throws InterruptedException {
    Received next = arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (next == null) {
      throw new AssertionError("no push arrived within " + timeout);
    }
    return next;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(exchange.getRequestHeaders());
      String problem = null;
      String plaintext = null;
      Answer answer;
      try {
        VapidCheck.verify(
            exchange.getRequestHeaders().getFirst("Authorization"), origin(), clock.instant());
        answer = script.isEmpty() ? Answer.status(201) : script.poll();
        try {
          plaintext = read(exchange, body);
        } catch (PushRejected e) {
          problem = e.getMessage();
        }
      } catch (PushRejected e) {
        problem = "vapid: " + e.getMessage();
        answer = Answer.status(401);
      }
      Received request =
          new Received(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              headers,
              body,
              plaintext,
              problem,
              answer.unanswered() ? 0 : answer.status());
      received.add(request);
      arrivals.add(request);
      if (answer.unanswered()) {
        closed.await();
        return;
      }
      if (answer.retryAfter() != null) {
        exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
      }
      if (answer.status() == 201) {
        exchange.getResponseHeaders().set("Location", origin() + "/message/" + received.size());
      }
      exchange.sendResponseHeaders(answer.status(), -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String read(HttpExchange exchange, byte[] body) {
    if (!"POST".equals(exchange.getRequestMethod())
        || !path.equals(exchange.getRequestURI().getPath())) {
      throw new PushRejected(
          exchange.getRequestMethod() + " " + exchange.getRequestURI() + " is not a push");
    }
    String coding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (!"aes128gcm".equalsIgnoreCase(coding)) {
      throw new PushRejected("Content-Encoding is " + coding + ", not aes128gcm");
    }
    return new String(userAgent.decrypt(body), StandardCharsets.UTF_8);
  }

  /** Stops the server; requests held unanswered are dropped with their connections. */
  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
