package dev.feedline.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Feedline node of its own: a separate Liberty server in the integration tests' runtime, with the
 * production server.xml, the JDBC drivers and the packaged WAR, on a port of its own. Tests start
 * it with the environment an operator would set, stop it, and read its log. It touches nothing
 * outside its own server directory.
 */
public final class LibertyNode implements AutoCloseable {
  /** How long a start may take on a small, busy machine. */
  public static final Duration START_BOUND = Duration.ofSeconds(120);

  private static final Duration COMMAND_BOUND = Duration.ofSeconds(180);

  private final Path wlp;
  private final String name;
  private final Path directory;
  private final int port;
  private final Api api;
  private boolean launched;

  private LibertyNode(Path wlp, String name, int port) {
    this.wlp = wlp;
    this.name = name;
    this.directory = wlp.resolve("usr").resolve("servers").resolve(name);
    this.port = port;
    this.api = new Api(URI.create("http://127.0.0.1:" + port + "/"));
  }

  /** Creates a new server named {@code feedline-node-<random>} with the app in its dropins. */
  public static LibertyNode create() {
    Path wlp = Path.of(required("feedline.it.wlp"));
    String name = "feedline-node-" + UUID.randomUUID().toString().substring(0, 8);
    LibertyNode node = new LibertyNode(wlp, name, freePort());
    node.install();
    return node;
  }

  /** The shared server's directory: its logs and state for tests that read them. */
  static Path itServerDirectory() {
    return Path.of(required("feedline.it.wlp"), "usr", "servers", required("feedline.it.server"));
  }

  /** The shared server's logs/messages.log as it is now. */
  static String itServerLog() {
    return messagesLogOf(itServerDirectory());
  }

  /**
   * The integration tests' shared server ({@link ItServer}): the build made its directory; this
   * puts the packaged WAR into its dropins. Closing it stops it and keeps its directory.
   */
  static LibertyNode itServer() {
    LibertyNode node =
        new LibertyNode(
            Path.of(required("feedline.it.wlp")),
            required("feedline.it.server"),
            Integer.parseInt(required("feedline.it.http.port")));
    try {
      Path dropins = Files.createDirectories(node.directory.resolve("dropins"));
      Files.copy(
          Path.of(required("feedline.it.war")),
          dropins.resolve("feedline.war"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot deploy to the server " + node.name, e);
    }
    return node;
  }

  /**
   * Makes the server's directory by hand: all {@code bin/server create} would add is its template
   * server.xml (replaced here), for the cost of a JVM start.
   */
  private void install() {
    Path itServer = wlp.resolve("usr").resolve("servers").resolve(required("feedline.it.server"));
    Path basedir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    try {
      Files.createDirectories(directory);
      Files.copy(
          basedir.resolve("liberty-config").resolve("server.xml"),
          directory.resolve("server.xml"),
          StandardCopyOption.REPLACE_EXISTING);
      // The build's environment for its servers: the LTPA keys password (pom.xml says why).
      Files.copy(
          itServer.resolve("server.env"),
          directory.resolve("server.env"),
          StandardCopyOption.REPLACE_EXISTING);
      Path jdbc = Files.createDirectories(directory.resolve("jdbc"));
      try (Stream<Path> drivers = Files.list(itServer.resolve("jdbc"))) {
        for (Path driver : drivers.toList()) {
          Files.copy(driver, jdbc.resolve(driver.getFileName()));
        }
      }
      Path dropins = Files.createDirectories(directory.resolve("dropins"));
      Files.copy(Path.of(required("feedline.it.war")), dropins.resolve("feedline.war"));
      Path overrides = Files.createDirectories(directory.resolve("configDropins/overrides"));
      Files.writeString(
          overrides.resolve("node.xml"),
          "<server>\n"
              + "  <variable name=\"http.port\" value=\""
              + port
              + "\"/>\n"
              + "  <variable name=\"feedline.http.host\" value=\"127.0.0.1\"/>\n"
              // No OpenAPI document: building it held each start for seconds, and OpenApiIT
              // reads the shared server's.
              + "  <mpOpenAPI><excludeApplication>feedline</excludeApplication></mpOpenAPI>\n"
              + "</server>\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot set up the server " + name, e);
    }
  }

  public String name() {
    return name;
  }

  /** The server's directory: configuration, data, logs. */
  public Path directory() {
    return directory;
  }

  public int port() {
    return port;
  }

  /** A client of this node. */
  public Api api() {
    return api;
  }

  /** Starts the server with {@code env} added to the environment and waits until it serves. */
  public void start(Map<String, String> env) {
    launch(env);
    awaitReady();
  }

  /** Starts the server with {@code env} added to the environment, without waiting for the app. */
  public void launch(Map<String, String> env) {
    launched = true;
    // Tests post and connect fast from one address: generous limits unless a test sets its own.
    Map<String, String> withDefaults = new java.util.HashMap<>();
    withDefaults.put("FEEDLINE_LIMITS_POSTS_PER_MINUTE", "1000000");
    withDefaults.put("FEEDLINE_LIMITS_STREAM_CONNECTS_PER_MINUTE_PER_ADDRESS", "1000000");
    // A stop drains open streams over this long; the drain tests set their own.
    withDefaults.put("FEEDLINE_STREAM_DRAIN_SECONDS", "1");
    String jvmArgs = System.getProperty("feedline.it.jvm-args", "");
    if (!jvmArgs.isBlank()) {
      withDefaults.put("JVM_ARGS", jvmArgs);
    }
    withDefaults.putAll(env);
    run(withDefaults, "start", name);
  }

  /**
   * Waits until the node is ready and serves the app: /health/ready answers 200 (or names no
   * readiness check at all) and the app answers on the public feed: 200, or 401 where public
   * reading is switched off.
   */
  public void awaitReady() {
    String[] last = {"nothing yet"};
    Poll.until(
        START_BOUND,
        "server " + name + " to serve on port " + port,
        () -> {
          if (appRefusedToStart()) {
            throw new AssertionError(
                "The application failed to start on " + name + ":\n" + tail(40));
          }
          Api.Reply feed = probe("api/v1/feeds/public");
          Api.Reply ready = probe("health/ready");
          last[0] =
              "feeds/public "
                  + (feed == null ? "no answer" : feed.status())
                  + ", health/ready "
                  + (ready == null ? "no answer" : ready.status() + " " + ready.body());
          return appAnswers(feed)
              && ready != null
              && (ready.status() == 200 || ready.body().replace(" ", "").contains("\"checks\":[]"));
        },
        () -> last[0] + "\nlog:\n" + tail(40));
  }

  /** Whether Liberty reported that the application failed or was not started. */
  public boolean appRefusedToStart() {
    String log = messagesLog();
    return log.contains("CWWKZ0002E") || log.contains("CWWKZ0012I");
  }

  private static boolean appAnswers(Api.Reply feed) {
    String type = feed == null ? null : feed.header("Content-Type");
    return type != null
        && type.startsWith("application/json")
        && (feed.status() == 200 || feed.status() == 401);
  }

  /**
   * Sends the server process SIGTERM, as Kubernetes does to a pod, and waits for it to exit
   * (bounded).
   */
  public void terminate() {
    try {
      ProcessHandle process = process();
      process.destroy();
      process.onExit().get(START_BOUND.toSeconds(), TimeUnit.SECONDS);
      launched = false;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot terminate " + name() + ": " + e, e);
    }
  }

  /**
   * Kills the server process outright (SIGKILL), as a crashed machine or an OOM kill would: no
   * drain, no close frames, connections just break. Waits (bounded) until the process is gone.
   */
  public void kill() {
    try {
      ProcessHandle process = process();
      process.destroyForcibly();
      process.onExit().get(START_BOUND.toSeconds(), TimeUnit.SECONDS);
      launched = false;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot kill " + name() + ": " + e, e);
    }
  }

  /** The server's JVM, as Liberty recorded it in usr/servers/.pid/<name>.pid. */
  private ProcessHandle process() throws IOException {
    Path pidFile = directory().getParent().resolve(".pid").resolve(name() + ".pid");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
  }

  /** Stops the server and waits until it has stopped. */
  public void stop() {
    run(Map.of(), "stop", name);
    launched = false;
  }

  /** The server's logs/messages.log as it is now; empty before the server first wrote it. */
  public String messagesLog() {
    return messagesLogOf(directory);
  }

  private static String messagesLogOf(Path serverDirectory) {
    Path log = serverDirectory.resolve("logs").resolve("messages.log");
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The error lines (level E in Liberty's simple format) and incidents (FFDC1015I) of a log, up to
   * the line that says the server is ready (CWWKF0011I): what an operator would see go wrong at
   * each start.
   */
  static List<String> startupProblems(String log) {
    String untilReady =
        log.contains("CWWKF0011I") ? log.substring(0, log.indexOf("CWWKF0011I")) : log;
    return problems(untilReady);
  }

  /** The error lines and incidents of a log, as above, wherever they are. */
  static List<String> problems(String log) {
    return log.lines().filter(line -> PROBLEM.matcher(line).find()).toList();
  }

  private static final Pattern PROBLEM =
      Pattern.compile("^\\[[^\\]]+\\] [0-9a-f]+ \\S+\\s+E |FFDC1015I");

  /** Waits until messages.log holds every one of {@code texts}. */
  public void awaitLog(Duration bound, String... texts) {
    Poll.until(
        bound,
        "messages.log of " + name + " to name " + List.of(texts),
        () -> {
          String log = messagesLog();
          return Stream.of(texts).allMatch(log::contains);
        },
        () -> "log:\n" + tail(60));
  }

  /** The last {@code lines} lines of messages.log, for failure messages. */
  public String tail(int lines) {
    List<String> all = messagesLog().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /**
   * Stops the server if it runs, by SIGTERM as Kubernetes would (no {@code bin/server stop}, a JVM
   * of its own), and removes its directory (kept with -Dfeedline.it.keep-nodes; the shared server's
   * always).
   */
  @Override
  public void close() {
    try {
      if (launched) {
        try {
          terminate();
        } catch (IllegalStateException noProcess) {
          stop();
        }
      }
    } finally {
      keepLog();
      if (!Boolean.getBoolean("feedline.it.keep-nodes")) {
        deleteDirectory();
      }
    }
  }

  /**
   * Copies messages.log to target/node-logs/, so that a failed run still shows what each node
   * logged after its directory is gone.
   */
  private void keepLog() {
    Path log = directory.resolve("logs").resolve("messages.log");
    if (!Files.isRegularFile(log)) {
      return;
    }
    try {
      Path logs =
          Files.createDirectories(
              Path.of(required("feedline.it.war"))
                  .toAbsolutePath()
                  .getParent()
                  .resolve("node-logs"));
      Files.copy(log, logs.resolve(name + "-messages.log"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      System.err.println("Could not keep " + log + ": " + e);
    }
  }

  private void deleteDirectory() {
    if (!directory.getFileName().toString().startsWith("feedline-node-")
        || !Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + directory, e);
    }
  }

  private Api.Reply probe(String path) {
    try {
      return api.get(path, null);
    } catch (IllegalStateException notListening) {
      return null;
    }
  }

  /** Runs {@code bin/server args} with the environment of a fresh shell plus {@code env}. */
  private void run(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(wlp.resolve("bin").resolve("server").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // The node is configured by env alone, never by settings that leak in from the build.
    builder
        .environment()
        .keySet()
        .removeIf(
            key ->
                key.startsWith("FEEDLINE_")
                    || key.startsWith("MP_JWT_")
                    || key.startsWith("WLP_USER_DIR")
                    || key.startsWith("WLP_OUTPUT_DIR"));
    builder.environment().putAll(env);
    Path output = null;
    try {
      output = Files.createTempFile("liberty-" + args[0], ".out");
      builder.redirectOutput(output.toFile());
      Process process = builder.start();
      if (!process.waitFor(COMMAND_BOUND.toSeconds(), TimeUnit.SECONDS)) {
        process.destroy();
        throw new IllegalStateException(
            String.join(" ", command) + " did not finish in " + COMMAND_BOUND.toSeconds() + " s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " exited with "
                + process.exitValue()
                + ":\n"
                + Files.readString(output)
                + "\nlog:\n"
                + tail(40));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port", e);
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + property + " is not set");
    }
    return value;
  }
}
