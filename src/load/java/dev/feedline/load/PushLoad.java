package dev.feedline.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web Push throughput (docs/benchmarks.md): a node on the local profile sends pushes to a push
 * receiver on 127.0.0.1 that this tool runs (it answers 201 and does not decrypt: the figure is the
 * node's). It subscribes {@code --subscriptions} devices (20 per person, the default limit), gives
 * each person one follow notification, and times the pushes from the first to the last; with {@code
 * --silent 1} one more device's push service never answers, to show that it holds one sender, not
 * the others.
 *
 * <pre>
 * java src/load/java/dev/feedline/load/PushLoad.java --url http://127.0.0.1:9280/
 * </pre>
 *
 * <p>Bounded: at most 20,000 subscriptions, 32 concurrent clients, 300 seconds of waiting; loopback
 * only.
 */
public final class PushLoad {
  private static final int PER_PERSON = 20;
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  private final URI node;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ExecutorService clients = Executors.newFixedThreadPool(32);

  private PushLoad(URI node) {
    this.node = node;
  }

  public static void main(String[] args) throws Exception {
    URI url = URI.create("http://127.0.0.1:9280/");
    int subscriptions = 10_000;
    int silent = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--url" -> url = URI.create(args[i + 1]);
        case "--subscriptions" -> subscriptions = Integer.parseInt(args[i + 1]);
        case "--silent" -> silent = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    if (subscriptions < PER_PERSON || subscriptions > 20_000 || silent < 0 || silent > 1) {
      throw new IllegalArgumentException("--subscriptions 20..20000, --silent 0 or 1");
    }
    if (!InetAddress.getByName(url.getHost()).isLoopbackAddress()) {
      throw new IllegalArgumentException("The node must be on a loopback address");
    }
    PushLoad load = new PushLoad(url);
    try {
      load.run(subscriptions, silent == 1);
    } finally {
      load.clients.shutdownNow();
    }
  }

  private void run(int subscriptions, boolean withSilent) throws Exception {
    AtomicInteger answered = new AtomicInteger();
    AtomicLong first = new AtomicLong();
    AtomicLong last = new AtomicLong();
    AtomicInteger held = new AtomicInteger();
    CountDownLatch stop = new CountDownLatch(1);
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    ExecutorService receiving = Executors.newFixedThreadPool(64);
    receiver.setExecutor(receiving);
    receiver.createContext(
        "/",
        exchange -> {
          try (exchange;
              InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            if (exchange.getRequestURI().getPath().startsWith("/silent")) {
              held.incrementAndGet();
              stop.await();
              return;
            }
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            last.set(now);
            answered.incrementAndGet();
            exchange.sendResponseHeaders(201, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    receiver.start();
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    String keys = keys();
    String run = Long.toString(System.currentTimeMillis(), 36);
    int people = subscriptions / PER_PERSON;
    List<String> names = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      names.add("push" + run + "_" + p);
    }
    for (String token : all(names, name -> token(name))) {
      tokens.add(token);
    }
    long subscribing = System.nanoTime();
    List<Integer> devices = new ArrayList<>();
    for (int d = 0; d < people * PER_PERSON; d++) {
      devices.add(d);
    }
    all(
        devices,
        d ->
            call(
                "POST",
                "api/v1/push/subscriptions",
                tokens.get(d / PER_PERSON),
                "{\"endpoint\":\"" + base + "/d/" + run + "/" + d + "\",\"keys\":" + keys + "}",
                201));
    List<String> notified = new ArrayList<>(names);
    if (withSilent) {
      String quiet = "pushsilent" + run;
      call(
          "POST",
          "api/v1/push/subscriptions",
          token(quiet),
          "{\"endpoint\":\"" + base + "/silent/" + run + "\",\"keys\":" + keys + "}",
          201);
      notified.add(0, quiet); // notified first, so its push is in flight before the others
    }
    System.out.printf(
        Locale.ROOT,
        "subscribed %d devices of %d people in %.1f s%n",
        devices.size() + (withSilent ? 1 : 0),
        people,
        (System.nanoTime() - subscribing) / 1e9);
    String fan = token("pushfan" + run);
    long following = System.nanoTime();
    all(notified, name -> call("PUT", "api/v1/following/" + name, fan, null, 204));
    double followSeconds = (System.nanoTime() - following) / 1e9;
    int expected = people * PER_PERSON;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (answered.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    double seconds = (last.get() - first.get()) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%d notifications made in %.1f s; %d of %d pushes answered, first to last %.1f s:"
            + " %.0f pushes/s; silent endpoint holding %d%n",
        people,
        followSeconds,
        answered.get(),
        expected,
        seconds,
        answered.get() / Math.max(seconds, 1e-3),
        held.get());
    stop.countDown();
    receiver.stop(0);
    receiving.shutdownNow();
  }

  private interface Work<T, R> {
    R apply(T input) throws Exception;
  }

  private <T, R> List<R> all(List<T> inputs, Work<T, R> work) throws Exception {
    List<Future<R>> futures = new ArrayList<>();
    for (T input : inputs) {
      futures.add(clients.submit(() -> work.apply(input)));
    }
    List<R> results = new ArrayList<>();
    for (Future<R> future : futures) {
      results.add(future.get(300, TimeUnit.SECONDS));
    }
    return results;
  }

  private String token(String user) throws Exception {
    String answer = call("POST", "api/v1/dev/tokens", null, "{\"user\":\"" + user + "\"}", 200);
    Matcher m = TOKEN.matcher(answer);
    if (!m.find()) {
      throw new IllegalStateException("No token in " + answer);
    }
    return m.group(1);
  }

  private String call(String method, String path, String token, String json, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(node.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** One device key pair's public half and an auth secret: the receiver decrypts nothing. */
  private static String keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
    byte[] point = new byte[65];
    point[0] = 4;
    put(key.getW().getAffineX(), point, 1);
    put(key.getW().getAffineY(), point, 33);
    byte[] auth = new byte[16];
    new SecureRandom().nextBytes(auth);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return "{\"p256dh\":\""
        + b64.encodeToString(point)
        + "\",\"auth\":\""
        + b64.encodeToString(auth)
        + "\"}";
  }

  private static void put(BigInteger coordinate, byte[] into, int at) {
    byte[] bytes = coordinate.toByteArray();
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, into, at + 32 - length, length);
  }
}
