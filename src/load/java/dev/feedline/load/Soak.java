package dev.feedline.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak run against one Feedline node: steady posting on a few tag feeds for minutes while
 * WebSocket and SSE subscribers watch them, and a few of them every second drop without a word and
 * resume from the last id they saw. Every subscriber checks that it sees each post of its feed
 * exactly once and in order across its resumes; the node's heap after a full GC, its threads, open
 * files and resident memory are sampled on an interval and must stay flat.
 *
 * <p>Runs from source with a JDK 17 against a node on the local profile (it mints its tokens there)
 * with its per-address limits raised, as for StreamLoad:
 *
 * <pre>
 * FEEDLINE_LIMITS_POSTS_PER_MINUTE=1000000 \
 * FEEDLINE_LIMITS_STREAM_CONNECTS_PER_MINUTE_PER_ADDRESS=1000000 mvn liberty:run
 * java src/load/java/dev/feedline/load/Soak.java --minutes 10 --server-pid $(pgrep -f ws-server.jar)
 * </pre>
 *
 * <p>Bounded: at most 60 minutes, 2,000 subscribers and 50 posts a second in all; loopback only
 * unless told otherwise; it stops by itself. It exits 0 when nothing was lost, doubled or reset and
 * the node's figures stayed flat, else 1. docs/soak.md has a run.
 */
public final class Soak {
  private static final Pattern EVENT_ID = Pattern.compile("^\\{\"id\":\"(\\d+)\"");
  private static final Pattern SOAK_TEXT = Pattern.compile("\"text\":\"soak (\\d+) (\\d+)\"");
  private static final String USAGE =
      """
      Soak [options]
        --url URL               the node (default http://127.0.0.1:9080/)
        --minutes N             how long to post, 1 to 60 (default 10)
        --tags N                tag feeds, each with its own author, 1 to 20 (default 4)
        --rate N                posts per second per tag; at most 50 in all (default 5)
        --subscribers N         WebSocket subscribers, 0 to 2000 (default 200)
        --sse N                 SSE subscribers, 0 to 200 (default 20)
        --churn N               subscribers dropped and resumed per second, 0 to 50 (default 2)
        --sample-seconds N      how often to sample the node, 5 to 600 (default 30)
        --server-pid PID        the node's JVM: heap after a full GC (jcmd), threads, open files,
                                resident memory
        --allow-remote          allow a node that is not on a loopback address
      """;

  private final Map<String, String> options;
  private final URI base;
  private final HttpClient http;
  private final String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  private final Random random = new Random();
  private final ExecutorService readers = Executors.newCachedThreadPool(daemon("soak-sse"));
  private final ScheduledExecutorService clock =
      Executors.newScheduledThreadPool(2, daemon("soak-clock"));

  private AtomicLongArray published; // per tag: the last sequence number answered 201
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong repeats = new AtomicLong();
  private final AtomicLong resets = new AtomicLong();
  private final AtomicLong resumes = new AtomicLong();
  private final AtomicLong failedPosts = new AtomicLong();
  private final List<Sample> samples = new ArrayList<>();

  private Soak(Map<String, String> options) {
    this.options = options;
    this.base = URI.create(withSlash(options.getOrDefault("url", "http://127.0.0.1:9080/")));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help")) {
        System.out.print(USAGE);
        return;
      }
      if (arg.equals("--allow-remote")) {
        options.put("allow-remote", "true");
      } else if (arg.startsWith("--") && i + 1 < args.length) {
        options.put(arg.substring(2), args[++i]);
      } else {
        System.err.print("Unknown argument " + arg + "\n" + USAGE);
        System.exit(2);
      }
    }
    System.exit(new Soak(options).run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    if (!options.containsKey("allow-remote")
        && !InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException(base + " is not a loopback address (--allow-remote)");
    }
    int minutes = number("minutes", 10, 1, 60);
    int tags = number("tags", 4, 1, 20);
    int rate = number("rate", 5, 1, 50);
    if (rate * tags > 50) throw new IllegalArgumentException("at most 50 posts a second in all");
    int webSockets = number("subscribers", 200, 0, 2000);
    int sse = number("sse", 20, 0, 200);
    int churn = number("churn", 2, 0, 50);
    int sampleSeconds = number("sample-seconds", 30, 5, 600);
    published = new AtomicLongArray(tags);

    List<Watcher> watchers = new ArrayList<>();
    String token = null;
    for (int i = 0; i < webSockets + sse; i++) {
      Watcher watcher = i < webSockets ? new SocketWatcher(i % tags) : new SseWatcher(i % tags);
      // Ten connections a reader (the node allows 20 per user, and a resume may overlap a drop).
      if (i % 10 == 0) token = mint("soak" + run + "r" + i / 10);
      watcher.token = token;
      watchers.add(watcher);
      watcher.ensureConnected();
    }
    for (Watcher watcher : watchers) watcher.awaitSubscribed();
    System.out.printf(
        "%d WebSocket and %d SSE subscribers on %d tags; posting %d/s per tag for %d min%n",
        webSockets, sse, tags, rate, minutes);

    sample(0);
    long start = System.nanoTime();
    long end = start + TimeUnit.MINUTES.toNanos(minutes);
    List<Thread> authors = new ArrayList<>();
    for (int t = 0; t < tags; t++) {
      int tag = t;
      String author = mint("soak" + run + "a" + t);
      Thread thread = new Thread(() -> publish(tag, author, rate, end), "soak-author-" + t);
      thread.setDaemon(true);
      thread.start();
      authors.add(thread);
    }
    clock.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < churn && !watchers.isEmpty(); i++) {
            watchers.get(random.nextInt(watchers.size())).dropAndResume();
          }
          // A connection the node ended (a drain, 4008) or that failed to open resumes here.
          for (Watcher watcher : watchers) watcher.ensureConnected();
        },
        1,
        1,
        TimeUnit.SECONDS);
    while (System.nanoTime() < end) {
      Thread.sleep(Math.min(TimeUnit.SECONDS.toMillis(sampleSeconds), remainingMillis(end)));
      sample((System.nanoTime() - start) / 1_000_000_000L);
    }
    for (Thread author : authors) author.join(TimeUnit.SECONDS.toMillis(60));
    clock.shutdownNow();

    // Everyone catches up with the last post of their tag (a resume may still be on its way).
    long catchUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    List<Watcher> behind = watchers;
    while (!(behind = behind(watchers)).isEmpty() && System.nanoTime() < catchUp) {
      for (Watcher watcher : behind) watcher.ensureConnected();
      Thread.sleep(500);
    }
    sample((System.nanoTime() - start) / 1_000_000_000L);
    for (Watcher watcher : watchers) watcher.close();
    return report(behind, sampleSeconds);
  }

  private void publish(int tag, String token, int rate, long end) {
    long interval = 1_000_000_000L / rate;
    long next = System.nanoTime();
    long seq = 0;
    while (next < end) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
      next += interval;
      long number = seq + 1;
      String json =
          "{\"text\":\"soak " + tag + " " + number + "\",\"tags\":[\"" + tagName(tag) + "\"]}";
      try {
        HttpResponse<String> reply = post("api/v1/posts", token, json);
        if (reply.statusCode() == 201) {
          seq = number;
          published.set(tag, seq);
        } else {
          // Not stored: the next post takes the same number, so the sequence has no hole.
          failedPosts.incrementAndGet();
          System.err.println("POST answered " + reply.statusCode() + ": " + reply.body());
        }
      } catch (Exception e) {
        failedPosts.incrementAndGet();
        System.err.println("POST failed: " + e);
        return; // an answer lost on the way may still have been stored: the sequence is unknown
      }
    }
  }

  private List<Watcher> behind(List<Watcher> watchers) {
    List<Watcher> behind = new ArrayList<>();
    for (Watcher watcher : watchers) {
      if (watcher.lastSeq < published.get(watcher.tag)) behind.add(watcher);
    }
    return behind;
  }

  private String tagName(int tag) {
    return "soak" + run + "t" + tag;
  }

  // ---- Watching ------------------------------------------------------------------------------

  /**
   * One subscriber of one tag feed; it checks the sequence of what it sees across resumes. Each
   * connection attempt has a generation: a dropped one's late frames and callbacks are ignored.
   */
  private abstract class Watcher {
    final int tag;
    String token;
    volatile String lastId;
    volatile long lastSeq;
    volatile boolean subscribed;
    volatile boolean open;
    volatile int generation;

    Watcher(int tag) {
      this.tag = tag;
    }

    /** Opens a new connection of generation {@code generation}, resuming after lastId. */
    abstract void open(int generation);

    /** Ends the current connection without a word, as a phone losing its network does. */
    abstract void cut();

    synchronized void ensureConnected() {
      if (open) return;
      open = true;
      open(++generation);
    }

    synchronized void dropAndResume() {
      if (!open) return;
      generation++;
      open = false;
      cut();
      resumes.incrementAndGet();
      clock.schedule(this::ensureConnected, random.nextInt(1000), TimeUnit.MILLISECONDS);
    }

    /** The connection of generation {@code of} has ended (the node closed it, or it failed). */
    synchronized void ended(int of) {
      if (of == generation) open = false; // the clock's next round resumes it
    }

    synchronized void close() {
      generation++;
      open = true; // never again
      cut();
    }

    void awaitSubscribed() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!subscribed) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("not subscribed");
        Thread.sleep(20);
      }
    }

    void onFrame(int of, String type, String frame) {
      if (of != generation) return;
      switch (type) {
        case "reset" -> resets.incrementAndGet();
        case "subscribed" -> subscribed = true;
        case "post.created" -> onPost(of, frame);
        default -> {}
      }
    }

    private void onPost(int of, String frame) {
      Matcher id = EVENT_ID.matcher(frame);
      Matcher text = SOAK_TEXT.matcher(frame);
      if (!id.find() || !text.find() || Integer.parseInt(text.group(1)) != tag) return;
      long seq = Long.parseLong(text.group(2));
      synchronized (this) {
        if (of != generation) return;
        if (lastSeq != 0 && seq != lastSeq + 1) {
          if (seq <= lastSeq) repeats.incrementAndGet();
          else gaps.addAndGet(seq - lastSeq - 1);
        }
        if (seq > lastSeq) {
          lastSeq = seq;
          lastId = id.group(1);
        }
      }
      deliveries.incrementAndGet();
    }

    String feed() {
      return "tag:" + tagName(tag);
    }
  }

  private static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z.]+)\"");

  private final class SocketWatcher extends Watcher {
    private volatile WebSocket socket;

    SocketWatcher(int tag) {
      super(tag);
    }

    @Override
    void open(int of) {
      String url = base.resolve("api/v1/stream").toString().replaceFirst("^http", "ws");
      http.newWebSocketBuilder()
          .connectTimeout(Duration.ofSeconds(30))
          .buildAsync(URI.create(url + "?access_token=" + token), new Connection(of))
          .whenComplete(
              (ws, error) -> {
                if (error != null) ended(of);
              });
    }

    @Override
    void cut() {
      WebSocket current = socket;
      socket = null;
      if (current != null) current.abort();
    }

    private final class Connection implements WebSocket.Listener {
      private final int of;
      private final StringBuilder partial = new StringBuilder();

      Connection(int of) {
        this.of = of;
      }

      @Override
      public void onOpen(WebSocket webSocket) {
        synchronized (SocketWatcher.this) {
          if (of != generation) {
            webSocket.abort();
            return;
          }
          socket = webSocket;
        }
        String since = lastId == null ? "" : ",\"since\":\"" + lastId + "\"";
        webSocket.sendText(
            "{\"type\":\"subscribe\",\"feed\":\"" + feed() + "\"" + since + "}", true);
        webSocket.request(1);
      }

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (of != generation) {
          webSocket.abort();
          return null;
        }
        partial.append(data);
        if (last) {
          String frame = partial.toString();
          partial.setLength(0);
          Matcher type = TYPE.matcher(frame);
          if (type.find()) onFrame(of, type.group(1), frame);
        }
        webSocket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended(of);
        return null;
      }

      @Override
      public void onError(WebSocket webSocket, Throwable error) {
        ended(of);
      }
    }
  }

  private final class SseWatcher extends Watcher {
    private volatile InputStream body;

    SseWatcher(int tag) {
      super(tag);
    }

    @Override
    void open(int of) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
                  base.resolve("api/v1/stream/sse?feed=" + feed() + "&access_token=" + token))
              .header("Accept", "text/event-stream");
      if (lastId != null) request.header("Last-Event-ID", lastId);
      readers.execute(() -> read(of, request.build()));
    }

    private void read(int of, HttpRequest request) {
      try {
        HttpResponse<InputStream> response =
            http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines =
            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
          synchronized (this) {
            if (of != generation) return;
            body = response.body();
          }
          if (response.statusCode() != 200) return;
          String event = "message";
          String data = null;
          String line;
          while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
              if (data != null) onFrame(of, event, data);
              event = "message";
              data = null;
            } else if (line.startsWith("event: ")) {
              event = line.substring(7);
            } else if (line.startsWith("data: ")) {
              data = line.substring(6);
            }
          }
        }
      } catch (IOException e) {
        // cut by us or by the node
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        ended(of);
      }
    }

    @Override
    void cut() {
      InputStream current = body;
      body = null;
      if (current != null) {
        try {
          current.close();
        } catch (IOException ignored) {
          // it is being cut
        }
      }
    }
  }

  // ---- The node's figures ----------------------------------------------------------------------

  private record Sample(
      long second,
      long heapAfterGcKiB,
      long threads,
      long openFiles,
      long rssKiB,
      long delivered) {}

  private void sample(long second) {
    String pid = options.get("server-pid");
    long heap = -1;
    long threads = -1;
    long files = -1;
    long rss = -1;
    if (pid != null) {
      heap = heapAfterGc(pid);
      try {
        for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
          if (line.startsWith("Threads:")) threads = Long.parseLong(line.replaceAll("\\D", ""));
          if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.replaceAll("\\D", ""));
        }
        try (var fds = Files.list(Path.of("/proc", pid, "fd"))) {
          files = fds.count();
        }
      } catch (IOException | NumberFormatException e) {
        System.err.println("Cannot read process " + pid + ": " + e);
      }
    }
    Sample sample = new Sample(second, heap, threads, files, rss, deliveries.get());
    samples.add(sample);
    System.out.printf(
        "%5d s  heap after GC %s  threads %s  open files %s  resident %s  deliveries %d%n",
        second, mib(heap), threads, files, mib(rss), sample.delivered);
  }

  /** Runs a full GC in the node with jcmd, then reads the heap in use from GC.heap_info. */
  private static long heapAfterGc(String pid) {
    try {
      jcmd(pid, "GC.run");
      Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
      return used.find() ? Long.parseLong(used.group(1)) : -1;
    } catch (IOException e) {
      System.err.println("jcmd: " + e);
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String jcmd(String pid, String command) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(Files.isExecutable(java) ? java.toString() : "jcmd", pid, command)
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly();
    return out;
  }

  private boolean report(List<Watcher> behind, int sampleSeconds) {
    long posted = 0;
    for (int t = 0; t < published.length(); t++) posted += published.get(t);
    System.out.printf(
        "Posted %d (%d failed), delivered %d, resumes %d; lost %d, doubled %d, resets %d, "
            + "subscribers behind at the end %d%n",
        posted,
        failedPosts.get(),
        deliveries.get(),
        resumes.get(),
        gaps.get(),
        repeats.get(),
        resets.get(),
        behind.size());
    boolean exact =
        gaps.get() == 0
            && repeats.get() == 0
            && resets.get() == 0
            && behind.isEmpty()
            && failedPosts.get() == 0;
    boolean flat = true;
    if (options.containsKey("server-pid") && samples.size() >= 4) {
      // The first minute warms the node up; compare the end with the sample after it.
      int first = (int) Math.min(samples.size() - 2, Math.max(1, 60 / sampleSeconds));
      Sample warm = samples.get(first);
      Sample last = samples.get(samples.size() - 1);
      flat &= within("heap after GC", warm.heapAfterGcKiB, last.heapAfterGcKiB, 0.25, 16 * 1024);
      flat &= within("threads", warm.threads, last.threads, 0.10, 8);
      flat &= within("open files", warm.openFiles, last.openFiles, 0.10, 32);
    }
    System.out.println(exact && flat ? "PASS" : "FAIL");
    return exact && flat;
  }

  private static boolean within(String what, long from, long to, double share, long slack) {
    boolean ok = from < 0 || to <= from + Math.max((long) (from * share), slack);
    System.out.printf(
        "%s: %d -> %d (%s)%n", what, from, to, ok ? "flat" : "grew beyond the allowance");
    return ok;
  }

  // ---- Plumbing -------------------------------------------------------------------------------

  private String mint(String user) throws Exception {
    HttpResponse<String> reply = post("api/v1/dev/tokens", null, "{\"user\":\"" + user + "\"}");
    Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(reply.body());
    if (reply.statusCode() != 200 || !token.find()) {
      throw new IllegalStateException(
          "Minting a token answered " + reply.statusCode() + " (local profile?): " + reply.body());
    }
    return token.group(1);
  }

  private HttpResponse<String> post(String path, String token, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) request.header("Authorization", "Bearer " + token);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int number(String name, int fallback, int min, int max) {
    String value = options.get(name);
    int number = value == null ? fallback : Integer.parseInt(value);
    if (number < min || number > max) {
      throw new IllegalArgumentException("--" + name + " must be " + min + " to " + max);
    }
    return number;
  }

  private static long remainingMillis(long end) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
  }

  private static String mib(long kib) {
    return kib < 0 ? "n/a" : String.format("%.1f MiB", kib / 1024.0);
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
