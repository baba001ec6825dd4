package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The container image as an operator runs it: the Dockerfile built with buildah on a local base
 * (scripts/container-base.sh: Debian and its JRE, since no image registry may be reachable), run
 * with podman on the production profile against its own PostgreSQL schema and the Redis at
 * 127.0.0.1:6379, as UID 1001 on a read-only root file system. A post through REST reaches a
 * WebSocket subscriber; stopping the container drains it. Skipped, saying so, without buildah and
 * podman (or as a non-root user), unless {@code feedline.require-container} is true.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock(RedisServer.SHARED_LOCK)
@Order(1)
class ContainerImageIT {
  private static final Logger LOG = Logger.getLogger(ContainerImageIT.class.getName());
  private static final String REQUIRE = "feedline.require-container";
  private static final String ISSUER = "https://issuer.feedline.test";
  private static final Duration BUILD_BOUND = Duration.ofMinutes(15);
  private static final Duration COMMAND_BOUND = Duration.ofMinutes(3);
  private static final Duration EVENT_BOUND = Duration.ofSeconds(30);
  private static final int DRAIN_SECONDS = 3;
  // The container's limits: at most this machine's own hard limits, which podman's defaults exceed.
  private static final List<String> ULIMITS =
      List.of("--ulimit", "nofile=16384:16384", "--ulimit", "nproc=4096:4096");

  private final KeyPair operatorKey = Tokens.newRsaKeyPair();
  private final String image =
      "localhost/feedline-it:" + UUID.randomUUID().toString().substring(0, 8);
  private final String container = "feedline-it-" + UUID.randomUUID().toString().substring(0, 8);
  private Path project;
  private PostgresSchema schema;
  private boolean built;
  private boolean started;
  private Api api;

  @BeforeAll
  void buildAndStartTheImage() {
    String missing = missingTools();
    if (missing != null) {
      if (Boolean.getBoolean(REQUIRE)) {
        fail(missing + ", and " + REQUIRE + " is true.");
      }
      String message =
          missing + "; the container image test is skipped. Set -D" + REQUIRE + "=true to fail.";
      LOG.warning(message);
      Assumptions.abort(message);
    }
    String redis = RedisServer.sharedUrlOrSkip();
    project = Path.of(System.getProperty("feedline.it.project", "."));
    Path archive = Path.of(System.getProperty("feedline.it.image-package"));
    assertTrue(Files.isRegularFile(archive), "The image's input is missing: " + archive);

    String base = run(BUILD_BOUND, "scripts/container-base.sh").strip();
    List<String> build = new ArrayList<>(List.of("buildah", "bud", "--quiet"));
    build.addAll(ULIMITS);
    build.addAll(List.of("--build-arg", "BASE_IMAGE=" + base, "-t", image, "."));
    run(BUILD_BOUND, build.toArray(String[]::new));
    built = true;

    schema = PostgresSchema.createOrSkip();
    int port = LibertyNode.freePort();
    List<String> start = new ArrayList<>(List.of("podman", "run", "--detach", "--name", container));
    start.addAll(ULIMITS);
    start.addAll(
        List.of(
            // The test's PostgreSQL and Redis listen on the machine's loopback.
            "--network",
            "host",
            // As the Deployment runs it: read-only root, a writable emptyDir for Liberty's output.
            "--read-only",
            "--tmpfs",
            "/opt/feedline/wlp/output:rw,mode=1777"));
    Map<String, String> env =
        Map.of(
            "HTTP_PORT", String.valueOf(port),
            "FEEDLINE_PROFILE", "production",
            "FEEDLINE_STORE_URL", schema.nodeUrl(),
            "FEEDLINE_STORE_USER", schema.user(),
            "FEEDLINE_BUS_REDIS_URL", redis,
            "MP_JWT_VERIFY_PUBLICKEY", Tokens.pem(operatorKey.getPublic()),
            "MP_JWT_VERIFY_ISSUER", ISSUER,
            "FEEDLINE_STREAM_DRAIN_SECONDS", String.valueOf(DRAIN_SECONDS));
    env.forEach((key, value) -> start.addAll(List.of("--env", key + "=" + value)));
    start.add(image);
    run(COMMAND_BOUND, start.toArray(String[]::new));
    started = true;

    api = new Api(URI.create("http://127.0.0.1:" + port + "/"));
    Poll.until(
        LibertyNode.START_BOUND,
        "the container's /health/ready to answer 200",
        () -> {
          try {
            return api.get("health/ready", null).status() == 200;
          } catch (IllegalStateException notListening) {
            return false;
          }
        },
        () -> "state " + state() + "; log:\n" + logTail(40));
  }

  @AfterAll
  void removeContainerImageAndSchema() {
    try {
      if (started) {
        run(COMMAND_BOUND, "podman", "rm", "--force", container);
      }
      if (built) {
        // The base image stays: it is cached by recipe for the next build.
        run(COMMAND_BOUND, "podman", "rmi", "--force", image);
      }
    } finally {
      if (schema != null) {
        schema.close();
      }
    }
  }

  @Test
  @Order(1)
  void imageRunsAsANonRootUserWithTheHttpPortAndLabels() {
    JsonObject config =
        Json.createReader(
                new java.io.StringReader(
                    run(
                        COMMAND_BOUND,
                        "podman",
                        "image",
                        "inspect",
                        "--format",
                        "{{json .Config}}",
                        image)))
            .readObject();
    assertEquals("1001:0", config.getString("User"));
    assertTrue(config.getJsonObject("ExposedPorts").containsKey("9080/tcp"), config.toString());
    JsonObject labels = config.getJsonObject("Labels");
    assertEquals("Feedline", labels.getString("org.opencontainers.image.title"));
    assertEquals("1.0.0", labels.getString("org.opencontainers.image.version"));
    assertTrue(
        labels
            .getString("org.opencontainers.image.base.name")
            .startsWith("localhost/feedline-base:"),
        labels.toString());

    assertEquals("1001", run(COMMAND_BOUND, "podman", "exec", container, "id", "-u").strip());
    assertNotEquals(
        0,
        exitStatus("podman", "exec", container, "touch", "/opt/feedline/wlp/usr/servers/x"),
        "the root file system must be read-only");
    assertEquals(
        0,
        exitStatus("podman", "exec", container, "touch", "/opt/feedline/wlp/output/x"),
        "Liberty's output directory must be writable");
    List<String> otherUser =
        new ArrayList<>(List.of("podman", "run", "--rm", "--user", "4242:4242", "--read-only"));
    otherUser.addAll(ULIMITS);
    otherUser.addAll(
        List.of("--entrypoint", "cat", image, "/opt/feedline/wlp/usr/servers/feedline/server.xml"));
    assertTrue(
        run(COMMAND_BOUND, otherUser.toArray(String[]::new)).contains("<featureManager>"),
        "the server's configuration is readable under any UID and GID");
    String env = run(COMMAND_BOUND, "podman", "exec", container, "env");
    assertTrue(env.contains("JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage="), env);
    // The runtime the image ships: Java 25 (scripts/container-base.sh: Debian 13's package).
    Result java = execute(COMMAND_BOUND, "podman", "exec", container, "java", "-version");
    assertTrue(java.stderr().contains("version \"25"), java.stdout() + java.stderr());
  }

  /**
   * No error line and no incident since the start (the console's error lines come on stderr, after
   * the others here): the image makes its own LTPA keys password (the Dockerfile says why), without
   * which Liberty logged CWWKS4118E and an FFDC at every start.
   */
  @Test
  @Order(2)
  void theContainerStartsWithoutAnErrorOrAnIncident() {
    String log = log();
    assertTrue(log.contains("CWWKF0011I"), "the server's ready message: " + logTail(40));
    assertEquals(List.of(), LibertyNode.problems(log), logTail(40));
  }

  @Test
  @Order(2)
  void aPostThroughRestReachesAWebSocketSubscriber() {
    String alice = Api.uniqueUser("alice");
    String token = Tokens.sign(Tokens.claims(alice, ISSUER), operatorKey.getPrivate());
    try (StreamClient ws = StreamClient.connect(api, token)) {
      ws.subscribeAndWait("user:" + alice, null);

      JsonObject post = api.createPost(token, "Shipped in a #container");

      JsonObject event =
          ws.await(frame -> "post.created".equals(frame.getString("type", "")), EVENT_BOUND);
      assertEquals(post.getString("id"), event.getJsonObject("data").getString("id"));
      assertEquals(alice, event.getJsonObject("data").getString("author"));
    }
  }

  /** Runs last: it stops the container. */
  @Test
  @Order(3)
  void stoppingTheContainerDrainsItsWebSocketsWith1001() throws Exception {
    List<StreamClient> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String user = Api.uniqueUser("drained");
      StreamClient ws =
          StreamClient.connect(
              api, Tokens.sign(Tokens.claims(user, ISSUER), operatorKey.getPrivate()));
      ws.subscribeAndWait("public", null);
      clients.add(ws);
    }

    // As the kubelet stops a pod: SIGTERM, and SIGKILL only if the grace period runs out.
    Thread stopper =
        new Thread(() -> run(COMMAND_BOUND, "podman", "stop", "--time", "60", container));
    stopper.start();
    for (StreamClient ws : clients) {
      assertEquals(1001, ws.closeCode(Duration.ofSeconds(60)), "close code");
    }
    stopper.join(COMMAND_BOUND.toMillis());

    assertEquals("exited", state());
    assertEquals(
        "143",
        run(COMMAND_BOUND, "podman", "inspect", "--format", "{{.State.ExitCode}}", container)
            .strip(),
        "SIGTERM ends the server normally, not by SIGKILL (137)");
    String log = log();
    assertTrue(log.contains("Draining 3 connections over " + DRAIN_SECONDS + " s"), logTail(40));
    assertTrue(log.contains("Drained"), logTail(40));
    assertTrue(log.contains("CWWKE0036I"), "Liberty reports its stop: " + logTail(40));
    assertTrue(
        log.indexOf("Drained") < log.indexOf("CWWKE0036I"),
        "the drain ends before the server stops: " + logTail(40));
  }

  private String state() {
    return run(COMMAND_BOUND, "podman", "inspect", "--format", "{{.State.Status}}", container)
        .strip();
  }

  /** The container's console, standard output then standard error (Liberty's errors). */
  private String log(String... options) {
    List<String> command = new ArrayList<>(List.of("podman", "logs"));
    command.addAll(List.of(options));
    command.add(container);
    Result result = execute(COMMAND_BOUND, command.toArray(String[]::new));
    return result.stdout() + result.stderr();
  }

  private String logTail(int lines) {
    return log("--tail", String.valueOf(lines));
  }

  /** Why the test cannot run here, or null when it can. */
  private static String missingTools() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("buildah", "podman", "mmdebstrap")) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      return String.join(", ", missing) + " not on the PATH (Debian packages of the same names)";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "Not running as root, which mmdebstrap and podman's host network need here";
    }
    return null;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private int exitStatus(String... command) {
    return execute(COMMAND_BOUND, command).status();
  }

  /**
   * Runs a command in the project directory and returns what it wrote to standard output; fails
   * with all it wrote unless it exits with 0.
   */
  private String run(Duration bound, String... command) {
    Result result = execute(bound, command);
    if (result.status() != 0) {
      throw new AssertionError(
          String.join(" ", command)
              + " exited with "
              + result.status()
              + ":\n"
              + result.stdout()
              + result.stderr());
    }
    return result.stdout();
  }

  private record Result(int status, String stdout, String stderr) {}

  private Result execute(Duration bound, String... command) {
    try {
      Path stdout = Files.createTempFile("feedline-container", ".out");
      Path stderr = Files.createTempFile("feedline-container", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(project == null ? null : project.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " still running after " + bound);
        }
        return new Result(
            process.exitValue(),
            Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
