package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;

/**
 * A redis-server of the test's own: a child process on a free 127.0.0.1 port, without persistence,
 * that the test stops and starts again on the same port to take the bus away and give it back. It
 * never touches any other Redis on the machine; it only asks the machine's own at 127.0.0.1:6379
 * whether it answers, for the tests whose nodes use that one.
 *
 * <p>Where Redis is missing, the tests that need it are skipped with a message saying so, unless
 * {@code feedline.require-redis} is true (as CI sets it): then they fail.
 */
public final class RedisServer implements AutoCloseable {
  private static final String REQUIRE = "feedline.require-redis";
  private static final int SHARED_PORT = 6379;

  /**
   * The lock of the machine's Redis (127.0.0.1:6379): nodes of two test classes on it at once would
   * receive each other's events on the bus, so classes that use it take this lock and never overlap
   * (the integration tests can run classes side by side).
   */
  public static final String SHARED_LOCK = "redis-6379";

  private static final Path BINARY = Path.of("/usr/bin/redis-server");
  private static final Duration START_BOUND = Duration.ofSeconds(20);
  private static final Duration STOP_BOUND = Duration.ofSeconds(10);

  private final int port;
  private final Path log;
  private volatile Process process;

  private RedisServer(int port, Path log) {
    this.port = port;
    this.log = log;
    // A test JVM that ends without its clean-up (a timeout, an interrupt) leaves no server behind.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Process running = process;
                  if (running != null) {
                    running.destroyForcibly();
                  }
                },
                "redis-server-" + port + "-stop"));
  }

  /**
   * Starts a redis-server, or skips the test (fails it, when feedline.require-redis is true) where
   * there is none to start.
   */
  public static RedisServer startOrSkip() {
    if (!Files.isExecutable(BINARY)) {
      unavailable(BINARY + " is not installed");
    }
    RedisServer redis;
    try {
      redis = new RedisServer(freePort(), Files.createTempFile("redis-server", ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      redis.start();
    } catch (RuntimeException | AssertionError e) {
      redis.close();
      unavailable("redis-server did not start: " + e.getMessage());
    }
    return redis;
  }

  /**
   * The URL of the Redis this machine runs at 127.0.0.1:6379, once it answers PING; skips the test
   * (fails it, when feedline.require-redis is true) where it does not.
   */
  public static String sharedUrlOrSkip() {
    if (!answersPing(SHARED_PORT)) {
      unavailable("No Redis answers PING at 127.0.0.1:" + SHARED_PORT);
    }
    return "redis://127.0.0.1:" + SHARED_PORT;
  }

  private static void unavailable(String reason) {
    if (Boolean.getBoolean(REQUIRE)) {
      fail(reason + ", and " + REQUIRE + " is true.");
    }
    String message =
        reason
            + "; the tests that need Redis are skipped. Set -D"
            + REQUIRE
            + "=true to make this a failure.";
    Logger.getLogger(RedisServer.class.getName()).warning(message);
    Assumptions.abort(message);
  }

  public int port() {
    return port;
  }

  /** The URL a node is given in FEEDLINE_BUS_REDIS_URL. */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** Starts the server on its port (again) and waits until it answers PING. */
  public synchronized void start() {
    if (running()) {
      return;
    }
    List<String> command =
        List.of(
            BINARY.toString(),
            "--save",
            "",
            "--appendonly",
            "no",
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1");
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + BINARY, e);
    }
    Process started = process;
    Poll.until(
        START_BOUND,
        "redis-server to answer PING on port " + port,
        () -> {
          if (!started.isAlive()) {
            throw new AssertionError(
                "redis-server exited with " + started.exitValue() + ":\n" + logText());
          }
          return answersPing(port);
        },
        this::logText);
  }

  /** Stops the server (SIGTERM, then SIGKILL after a bound) and waits until it is gone. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    try {
      process.destroy();
      if (!process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_BOUND.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      process = null;
    }
  }

  /** Stops the server and starts it again on the same port, empty. */
  public void restart() {
    stop();
    start();
  }

  /**
   * Subscribes to every channel (PSUBSCRIBE *), as a bystander: shows what the nodes publish
   * whatever channel they chose.
   */
  public ChannelWatch watchAllChannels() {
    return new ChannelWatch(port);
  }

  /** A raw RESP subscriber that keeps the payload of every message published on any channel. */
  public static final class ChannelWatch implements AutoCloseable {
    private final Socket socket = new Socket();
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final Thread reader;

    private ChannelWatch(int port) {
      try {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        OutputStream out = socket.getOutputStream();
        out.write("*2\r\n$10\r\nPSUBSCRIBE\r\n$1\r\n*\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot subscribe to Redis on port " + port, e);
      }
      reader = new Thread(this::read, "redis-channel-watch-" + port);
      reader.setDaemon(true);
      reader.start();
      try {
        if (!subscribed.await(START_BOUND.toSeconds(), TimeUnit.SECONDS)) {
          close();
          throw new AssertionError("Redis did not confirm PSUBSCRIBE within " + START_BOUND);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /**
     * Waits until {@code count} messages matching {@code match} were published since the watch
     * began; answers every message seen, matching or not, for the caller's assertions.
     */
    public List<String> await(Predicate<String> match, int count, Duration bound) {
      List<String> seen = new ArrayList<>();
      long deadline = System.nanoTime() + bound.toNanos();
      while (seen.stream().filter(match).count() < count) {
        long left = deadline - System.nanoTime();
        String message = null;
        try {
          message = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (message == null) {
          throw new AssertionError(
              "Only "
                  + seen.stream().filter(match).count()
                  + " of "
                  + count
                  + " matching messages on Redis within "
                  + bound
                  + "; seen: "
                  + seen);
        }
        seen.add(message);
      }
      return seen;
    }

    private void read() {
      try {
        InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
        while (true) {
          List<String> reply = readArray(in);
          if (reply.isEmpty()) {
            continue;
          }
          if (reply.get(0).equals("psubscribe")) {
            subscribed.countDown();
          } else if (reply.get(0).equals("pmessage") && reply.size() == 4) {
            messages.add(reply.get(3));
          }
        }
      } catch (IOException closed) {
        // the watch was closed, or Redis went away
      }
    }

    /** Reads one RESP array of bulk strings and integers. */
    private static List<String> readArray(InputStream in) throws IOException {
      String header = line(in);
      if (!header.startsWith("*")) {
        return List.of();
      }
      int size = Integer.parseInt(header.substring(1));
      List<String> items = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        String item = line(in);
        if (item.startsWith("$")) {
          int length = Integer.parseInt(item.substring(1));
          byte[] bytes = in.readNBytes(length);
          line(in);
          items.add(new String(bytes, StandardCharsets.UTF_8));
        } else {
          items.add(item.substring(1));
        }
      }
      return items;
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          throw new IOException("end of stream");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  /** The server's own output, for failure messages. */
  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static boolean answersPing(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] answer = new byte[7];
      int read = in.readNBytes(answer, 0, answer.length);
      return new String(answer, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }
}
