package dev.feedline.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load half of the data-scale benchmark (scripts/scale-bench.sh): against one node on a large
 * data set (scripts/scale-seed.sql), it measures posting and liking with concurrent writers, and
 * home pages per kind of person, other pages and unread counts one request at a time and several at
 * a time, and prints one line per figure.
 *
 * <p>It needs only a JDK 17 and runs from source against a node on the local profile (it mints its
 * tokens there) whose posting limit is raised:
 *
 * <pre>
 * java src/load/java/dev/feedline/load/ScaleLoad.java --url http://127.0.0.1:9280/ --posts 1000000
 * </pre>
 *
 * <p>It is bounded: at most 64 concurrent clients, 600 seconds per write phase and 10,000 requests
 * per read figure, loopback addresses only unless told otherwise.
 */
public final class ScaleLoad {
  private static final String USAGE =
      """
      ScaleLoad [options]
        --url URL              the node (default http://127.0.0.1:9280/)
        --posts N              posts in the seeded data set: likes go to posts 1..N (required)
        --writers N            concurrent writers for posting and liking, 1 to 64 (default 16)
        --authors N            the writers post as N of the seeded authors u1..u50000, picked at
                               random, so new posts keep the data set's shape, 1 to 50000
                               (default 1000; tokens are minted before the first figure)
        --seconds N            length of each write phase, 1 to 600 (default 20)
        --requests N           requests per read figure, 10 to 10000 (default 300)
        --concurrency N        clients of the concurrent read figures, 1 to 64 (default 8)
        --people LIST          whose home pages (default nobody,quiet,r1,f200,f2000,fhot,f10000)
        --warmup-seconds N     posting and reading before any figure, 1 to 600 (default 120): the
                               node's JIT needs that long: after 30 s of posting, C2 still
                               compiled on a third of a core
        --phases LIST          what to measure (default posts,likes,home,pages,unread)
        --show-slowest         after each read figure, when its three slowest requests started
                               (UTC) and how long they took, to set beside the node's and the
                               database's logs
        --allow-remote         allow a node that is not on a loopback address
      """;
  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

  private final Map<String, String> options;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final List<String> authors = new ArrayList<>();

  private ScaleLoad(Map<String, String> options) {
    this.options = options;
    this.base = URI.create(options.getOrDefault("url", "http://127.0.0.1:9280/"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i].replaceFirst("^--", "");
      if (name.equals("help")) {
        System.out.print(USAGE);
        return;
      }
      if (!USAGE.contains("--" + name + " ")) {
        throw new IllegalArgumentException("Unknown option --" + name + "\n" + USAGE);
      }
      if (name.equals("allow-remote") || name.equals("show-slowest")) {
        options.put(name, "true");
      } else if (i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
      }
    }
    new ScaleLoad(options).run();
  }

  private int option(String name, int fallback, int min, int max) {
    int value = Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    if (value < min || value > max) {
      throw new IllegalArgumentException("--" + name + " must be from " + min + " to " + max);
    }
    return value;
  }

  private void run() throws Exception {
    InetAddress address = InetAddress.getByName(base.getHost());
    if (!address.isLoopbackAddress() && !options.containsKey("allow-remote")) {
      throw new IllegalArgumentException(
          base.getHost() + " is not a loopback address; pass --allow-remote to load it anyway.");
    }
    if (!options.containsKey("posts")) {
      throw new IllegalArgumentException("--posts is required\n" + USAGE);
    }
    long posts = Long.parseLong(options.get("posts"));
    int writers = option("writers", 16, 1, 64);
    int seconds = option("seconds", 20, 1, 600);
    int requests = option("requests", 300, 10, 10_000);
    int concurrency = option("concurrency", 8, 1, 64);
    List<String> people =
        Arrays.asList(
            options.getOrDefault("people", "nobody,quiet,r1,f200,f2000,fhot,f10000").split(","));

    List<String> phases =
        Arrays.asList(options.getOrDefault("phases", "posts,likes,home,pages,unread").split(","));

    int authors = option("authors", 1000, 1, 50_000);
    for (int i = 0; i < authors; i++) {
      this.authors.add("u" + (1 + ThreadLocalRandom.current().nextInt(50_000)));
    }
    this.authors.forEach(this::token);

    // Warm the node (JIT, pools) and the database's caches on a little of each, then measure.
    int warmup = option("warmup-seconds", 120, 1, 600);
    write("warm-up posts/s", writers, warmup, this::post);
    for (String person : people) {
      read("warm-up home " + person, 100, 4, i -> get("/api/v1/feeds/home", person));
    }

    if (phases.contains("posts")) {
      write("posts/s", writers, seconds, this::post);
    }
    if (phases.contains("likes")) {
      likes(posts, writers, seconds);
    }
    if (phases.contains("home")) {
      home(people, requests, concurrency);
    }
    if (phases.contains("pages")) {
      pages(posts, requests, concurrency);
    }
    if (phases.contains("unread")) {
      String feeds = "?feed=home&feed=public&feed=tag:t7&feed=user:hot1";
      for (String person : people) {
        read("unread " + person, requests, 1, i -> get("/api/v1/markers" + feeds, person));
      }
    }
  }

  private void likes(long posts, int writers, int seconds) throws Exception {
    write(
        "likes/s",
        writers,
        seconds,
        w -> {
          long post = 1 + ThreadLocalRandom.current().nextLong(posts);
          return send("PUT", "/api/v1/posts/" + post + "/like", "l" + w, null);
        });
  }

  private void home(List<String> people, int requests, int concurrency) throws Exception {
    for (String person : people) {
      read("home " + person, requests, 1, i -> get("/api/v1/feeds/home", person));
    }
    for (String person : people) {
      read("home " + person, requests, concurrency, i -> get("/api/v1/feeds/home", person));
    }
  }

  private void pages(long posts, int requests, int concurrency) throws Exception {
    String middle = "?before=" + posts / 2;
    for (String page :
        List.of(
            "public",
            "public" + middle,
            "tag:t7",
            "tag:t7" + middle,
            "user:hot1",
            "user:u1",
            "user:u1" + middle)) {
      read("page " + page, requests, 1, i -> get("/api/v1/feeds/" + page, null));
      read("page " + page, requests, concurrency, i -> get("/api/v1/feeds/" + page, null));
    }
  }

  private int post(int writer) throws IOException, InterruptedException {
    long n = ThreadLocalRandom.current().nextLong(1_000_000);
    String tag = n % 2 == 0 ? " #t" + (n % 1000) : "";
    String body = "{\"text\":\"Data-scale benchmark post " + n + tag + "\"}";
    String author = authors.get(ThreadLocalRandom.current().nextInt(authors.size()));
    return send("POST", "/api/v1/posts", author, body);
  }

  private int get(String path, String user) throws IOException, InterruptedException {
    return send("GET", path, user, null);
  }

  /** A request that answers its status; {@code user} null: anonymous. */
  private interface Request {
    int send(int client) throws IOException, InterruptedException;
  }

  /** {@code writers} clients send for {@code seconds}; prints the rate and the latencies. */
  private void write(String name, int writers, int seconds, Request request) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong errors = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    long start = System.nanoTime();
    run(
        writers,
        w -> {
          long[] times = new long[1024];
          int n = 0;
          while (System.nanoTime() < end) {
            if (n == times.length) {
              times = Arrays.copyOf(times, n * 2);
            }
            long before = System.nanoTime();
            int status = request.send(w);
            if (status >= 300) {
              errors.incrementAndGet();
            }
            times[n++] = System.nanoTime() - before;
          }
          synchronized (latencies) {
            latencies.add(Arrays.copyOf(times, n));
          }
        });
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = merge(latencies);
    System.out.printf(
        Locale.ROOT,
        "%-28s %9.1f  (%d writers, %d in %.1f s, p50 %.1f ms, p99 %.1f ms, errors %d)%n",
        name,
        (all.length - errors.get()) / elapsed,
        writers,
        all.length,
        elapsed,
        percentile(all, 50),
        percentile(all, 99),
        errors.get());
  }

  /** {@code requests} requests from {@code clients} clients at once; prints the latencies. */
  private void read(String name, int requests, int clients, Request request) throws Exception {
    AtomicLong errors = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<Slow> slow = new ArrayList<>();
    long start = System.nanoTime();
    run(
        clients,
        c -> {
          long[] times = new long[requests / clients];
          for (int i = 0; i < times.length; i++) {
            Instant at = Instant.now();
            long before = System.nanoTime();
            if (request.send(c * times.length + i) >= 300) {
              errors.incrementAndGet();
            }
            times[i] = System.nanoTime() - before;
            synchronized (slow) {
              slow.add(new Slow(at, times[i]));
              slow.sort(Comparator.comparingLong(Slow::nanos).reversed());
              slow.subList(Math.min(slow.size(), 3), slow.size()).clear();
            }
          }
          synchronized (latencies) {
            latencies.add(times);
          }
        });
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] all = merge(latencies);
    System.out.printf(
        Locale.ROOT,
        "%-28s p50 %6.1f ms  p99 %6.1f ms  (%d at a time, %d requests, %.0f/s, errors %d)%n",
        name,
        percentile(all, 50),
        percentile(all, 99),
        clients,
        all.length,
        all.length / elapsed,
        errors.get());
    if (options.containsKey("show-slowest")) {
      for (Slow one : slow) {
        System.out.printf(Locale.ROOT, "    slow: %.1f ms from %s%n", one.nanos() / 1e6, one.at());
      }
    }
  }

  /** A request that was among a figure's slowest: when it started (UTC) and how long it took. */
  private record Slow(Instant at, long nanos) {}

  private interface Client {
    void run(int client) throws Exception;
  }

  private static void run(int clients, Client client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int id = c;
        done.add(
            pool.submit(
                () -> {
                  client.run(id);
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get(700, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private int send(String method, String path, String user, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (user != null) {
      request.header("Authorization", "Bearer " + token(user));
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private String token(String user) {
    return tokens.computeIfAbsent(user, this::mint);
  }

  private String mint(String user) {
    try {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/dev/tokens"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher token = TOKEN.matcher(answer.body());
      if (!token.find()) {
        throw new IllegalStateException("No token for " + user + ": " + answer.body());
      }
      return token.group(1);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot mint a token for " + user, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long[] merge(List<long[]> parts) {
    long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return all.length == 0 ? new long[] {0} : all;
  }

  private static double percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
