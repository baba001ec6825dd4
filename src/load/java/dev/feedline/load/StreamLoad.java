package dev.feedline.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load tool for one Feedline node: opens many WebSocket connections subscribed to one feed, posts
 * a paced series of events and measures what each connection receives: every event exactly once and
 * in order, the publish-to-delivery latency as the clients see it, and (given the server's process
 * id) the server's resident memory per connection.
 *
 * <p>It needs nothing but a JDK 17 and runs from source against a node on the local profile (it
 * mints its tokens there) whose protective limits are raised for one address:
 *
 * <pre>
 * FEEDLINE_LIMITS_POSTS_PER_MINUTE=1000000 \
 * FEEDLINE_LIMITS_STREAM_CONNECTS_PER_MINUTE_PER_ADDRESS=1000000 mvn liberty:run
 * java src/load/java/dev/feedline/load/StreamLoad.java --connections 2000 --events 100 --rate 20
 * </pre>
 *
 * <p>It is bounded: at most 15,000 connections and 100,000 events, loopback addresses only unless
 * told otherwise, and it gives up after {@code --timeout-seconds}. docs/benchmarks.md has figures.
 */
public final class StreamLoad {
  private static final Pattern LOAD_TEXT = Pattern.compile("\"text\":\"load (\\d+) (\\d+)\"");
  private static final String USAGE =
      """
      StreamLoad [options]
        --url URL                  the node (default http://127.0.0.1:9080/)
        --connections N            WebSocket connections, 1 to 15000 (default 1000)
        --connections-per-user N   connections sharing one user's token (default 10)
        --feed FEED                the feed every connection subscribes to (default public)
        --events N                 posts to publish, 1 to 100000 (default 100)
        --rate N                   posts per second (default 10)
        --open-concurrency N       handshakes in flight at once (default 64)
        --server-pid PID           read the server's resident memory from /proc/PID/status
        --timeout-seconds N        give up after this long in all (default 300)
        --allow-remote             allow a node that is not on a loopback address
      """;

  private final Map<String, String> options;
  private final URI base;
  private final HttpClient http;
  private final ExecutorService callbacks =
      Executors.newFixedThreadPool(
          4,
          task -> {
            Thread thread = new Thread(task, "load-callbacks");
            thread.setDaemon(true);
            return thread;
          });
  private final long deadline;

  private final AtomicLong received = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong repeats = new AtomicLong();
  private final AtomicLong closedEarly = new AtomicLong();
  private final Map<Integer, AtomicInteger> closeCodes = new ConcurrentHashMap<>();
  private long[] latencies;
  private final AtomicInteger latencyCount = new AtomicInteger();

  private StreamLoad(Map<String, String> options) {
    this.options = options;
    this.base = URI.create(withSlash(options.getOrDefault("url", "http://127.0.0.1:9080/")));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(callbacks)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.deadline =
        System.nanoTime() + TimeUnit.SECONDS.toNanos(number("timeout-seconds", 300, 1, 3600));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || !arg.startsWith("--")) {
        System.out.print(USAGE);
        System.exit(arg.equals("--help") ? 0 : 2);
      }
      String name = arg.substring(2);
      if (name.equals("allow-remote")) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        System.err.println("Missing a value for " + arg);
        System.exit(2);
      }
    }
    StreamLoad load;
    try {
      load = new StreamLoad(options);
      load.checkTarget();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.out.print(USAGE);
      System.exit(2);
      return;
    }
    try {
      System.exit(load.run() ? 0 : 1);
    } catch (Exception e) {
      System.err.println("The load run failed: " + e);
      System.exit(1);
    }
  }

  private void checkTarget() throws IOException {
    InetAddress address = InetAddress.getByName(base.getHost());
    if (!address.isLoopbackAddress() && !options.containsKey("allow-remote")) {
      throw new IllegalArgumentException(
          base.getHost() + " is not a loopback address; pass --allow-remote to load it anyway.");
    }
  }

  private boolean run() throws Exception {
    int connections = number("connections", 1000, 1, 15_000);
    int perUser = number("connections-per-user", 10, 1, 1000);
    int events = number("events", 100, 1, 100_000);
    int rate = number("rate", 10, 1, 10_000);
    int concurrency = number("open-concurrency", 64, 1, 1000);
    String feed = options.getOrDefault("feed", "public");
    long expected = (long) connections * events;
    latencies = new long[(int) Math.min(expected, 20_000_000L)];
    System.out.printf(
        "Feedline stream load: %s, %d connections on %s, %d events at %d/s%n",
        base, connections, feed, events, rate);

    Memory before = memory();
    String run = Long.toString(System.currentTimeMillis(), 36);
    List<String> tokens = new ArrayList<>();
    for (int user = 0; user * perUser < connections; user++) {
      tokens.add(mint("load-" + run + "-" + user));
    }
    long openStart = System.nanoTime();
    List<Client> clients = open(connections, perUser, tokens, feed, concurrency);
    double openSeconds = (System.nanoTime() - openStart) / 1e9;
    System.out.printf(
        "Opened and subscribed %d of %d connections in %.1f s (%.0f/s)%n",
        clients.size(), connections, openSeconds, clients.size() / openSeconds);
    Memory connected = memory();
    report("before connecting", before);
    report("with the connections open", connected);
    if (before.rssKiB > 0 && connected.rssKiB > 0 && !clients.isEmpty()) {
      System.out.printf(
          "Server resident memory per connection: %.1f KiB%n",
          (connected.rssKiB - before.rssKiB) / (double) clients.size());
    }

    String poster = mint("load-" + run + "-poster");
    long publishStart = System.nanoTime();
    publish(poster, events, rate);
    double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
    long target = (long) clients.size() * events;
    while (received.get() < target && System.nanoTime() < deadline) {
      // Pacing the progress check only; the loop ends as soon as every delivery arrived.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
    double deliverSeconds = (System.nanoTime() - publishStart) / 1e9;
    report("after publishing", memory());

    System.out.printf(
        "Published %d events in %.1f s; received %d of %d deliveries in %.1f s (%.0f/s)%n",
        events,
        publishSeconds,
        received.get(),
        target,
        deliverSeconds,
        received.get() / deliverSeconds);
    System.out.printf(
        "Gaps: %d, repeated or out of order: %d, connections closed early: %d %s%n",
        gaps.get(), repeats.get(), closedEarly.get(), closeCodes);
    printLatencies();

    for (Client client : clients) {
      client.close();
    }
    callbacks.shutdownNow();
    return clients.size() == connections
        && received.get() == target
        && gaps.get() == 0
        && repeats.get() == 0;
  }

  private List<Client> open(
      int connections, int perUser, List<String> tokens, String feed, int concurrency)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    List<Client> clients = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<Void>> opening = new ArrayList<>();
    for (int i = 0; i < connections && System.nanoTime() < deadline; i++) {
      inFlight.acquire();
      Client client = new Client();
      String token = tokens.get(i / perUser);
      CompletableFuture<Void> done =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .buildAsync(URI.create(wsUrl()), client)
              .thenCompose(socket -> client.subscribe(socket, feed))
              .orTimeout(60, TimeUnit.SECONDS)
              .handle(
                  (ok, error) -> {
                    inFlight.release();
                    if (error == null) {
                      clients.add(client);
                    } else if (failed.getAndIncrement() < 5) {
                      System.err.println("A connection failed: " + error);
                    }
                    return null;
                  });
      opening.add(done);
    }
    CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).join();
    if (failed.get() > 0) {
      System.err.println(failed.get() + " connections failed to open or subscribe");
    }
    return new ArrayList<>(clients);
  }

  private void publish(String token, int events, int rate) throws Exception {
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long next = System.nanoTime();
    for (int seq = 1; seq <= events && System.nanoTime() < deadline; seq++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait); // the publishing pace, not a wait for a result
      }
      next += interval;
      String body = "{\"text\":\"load " + seq + " " + System.nanoTime() + "\",\"tags\":[]}";
      HttpResponse<String> reply = post("api/v1/posts", token, body);
      if (reply.statusCode() == 429) {
        throw new IllegalStateException(
            "The node limits posts per user (429): start it with"
                + " FEEDLINE_LIMITS_POSTS_PER_MINUTE=1000000 for a load run.");
      }
      if (reply.statusCode() != 201) {
        throw new IllegalStateException(
            "Posting answered " + reply.statusCode() + ": " + reply.body());
      }
    }
  }

  private String mint(String user) throws Exception {
    HttpResponse<String> reply =
        post("api/v1/dev/tokens", null, "{\"user\":\"" + user + "\",\"groups\":[\"user\"]}");
    if (reply.statusCode() != 200) {
      throw new IllegalStateException(
          "Minting a token answered "
              + reply.statusCode()
              + " (the node must run the local profile): "
              + reply.body());
    }
    Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(reply.body());
    if (!token.find()) {
      throw new IllegalStateException("No token in " + reply.body());
    }
    return token.group(1);
  }

  private HttpResponse<String> post(String path, String token, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private record Memory(long rssKiB, long heapUsedBytes) {}

  private Memory memory() {
    long rss = -1;
    String pid = options.get("server-pid");
    if (pid != null) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
          if (line.startsWith("VmRSS:")) {
            rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | NumberFormatException e) {
        System.err.println("Cannot read the memory of process " + pid + ": " + e);
      }
    }
    long heap = -1;
    try {
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(base.resolve("metrics"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (String line : metrics.body().split("\n")) {
        if (line.startsWith("memory_usedHeap_bytes")) {
          heap = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    } catch (Exception e) {
      System.err.println("Cannot read /metrics: " + e);
    }
    return new Memory(rss, heap);
  }

  private static void report(String when, Memory memory) {
    System.out.printf(
        "Server %s: resident %s, heap used %s%n",
        when,
        memory.rssKiB < 0 ? "n/a (no --server-pid)" : (memory.rssKiB / 1024) + " MiB",
        memory.heapUsedBytes < 0 ? "n/a" : (memory.heapUsedBytes >> 20) + " MiB");
  }

  private void printLatencies() {
    int count = Math.min(latencyCount.get(), latencies.length);
    if (count == 0) {
      return;
    }
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    System.out.printf(
        "Post-to-delivery latency over %d deliveries: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
            + " p99.9 %.1f ms, max %.1f ms%n",
        count,
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        percentile(sorted, 0.999),
        sorted[count - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private String wsUrl() {
    return base.toString().replaceFirst("^http", "ws") + "api/v1/stream";
  }

  private int number(String name, int fallback, int min, int max) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number < min || number > max) {
        throw new IllegalArgumentException(
            "--" + name + " must be between " + min + " and " + max + ", not " + value);
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not " + value);
    }
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  /** One connection: checks the order of the load events it receives and times each. */
  private final class Client implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private long lastSeq;

    CompletableFuture<Void> subscribe(WebSocket socket, String feed) {
      this.socket = socket;
      socket.sendText("{\"type\":\"subscribe\",\"feed\":\"" + feed + "\"}", true);
      return subscribed;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        onFrame(frame, now);
      }
      webSocket.request(1);
      return null;
    }

    private void onFrame(String frame, long now) {
      if (!subscribed.isDone()) {
        if (frame.contains("\"type\":\"subscribed\"")) {
          subscribed.complete(null);
        } else if (frame.contains("\"type\":\"error\"")) {
          subscribed.completeExceptionally(new IllegalStateException(frame));
        }
        return;
      }
      if (!frame.contains("\"type\":\"post.created\"")) {
        return;
      }
      Matcher load = LOAD_TEXT.matcher(frame);
      if (!load.find()) {
        return; // another post on the feed, not this run's
      }
      long seq = Long.parseLong(load.group(1));
      long sentAt = Long.parseLong(load.group(2));
      if (seq <= lastSeq) {
        repeats.incrementAndGet();
        return;
      }
      if (seq > lastSeq + 1) {
        gaps.addAndGet(seq - lastSeq - 1);
      }
      lastSeq = seq;
      received.incrementAndGet();
      int slot = latencyCount.getAndIncrement();
      if (slot < latencies.length) {
        latencies[slot] = now - sentAt;
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      subscribed.completeExceptionally(
          new IllegalStateException("closed with " + statusCode + " " + reason));
      if (statusCode != WebSocket.NORMAL_CLOSURE) {
        closedEarly.incrementAndGet();
        closeCodes.computeIfAbsent(statusCode, code -> new AtomicInteger()).incrementAndGet();
      }
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      subscribed.completeExceptionally(error);
    }

    void close() {
      WebSocket open = socket;
      if (open != null && !open.isOutputClosed()) {
        open.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      }
    }
  }
}
