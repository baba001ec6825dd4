package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A small run of the side-by-side benchmark (src/bench/js, docs/benchmarks.md) against this server
 * and the two Node peers, so the benchmark cannot rot: every system measured in every phase, each
 * reading subscriber getting each post once and in order, and the table and plot written. The
 * figures of so small a run mean nothing and are not checked.
 */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class SideBySideIT {
  private static final Path PROJECT = Path.of(System.getProperty("feedline.it.project", "."));
  private static final Set<String> PHASES = Set.of("paced 400/s", "paced 2000/s", "saturated");

  @Test
  void aSmallRunMeasuresEverySystemAndLosesNothing() throws Exception {
    assertTrue(NodeTests.nodeMajor() >= 20, "the benchmark needs Node 20 or newer on the PATH");
    Path out = PROJECT.resolve("target/side-by-side-small");
    Files.createDirectories(out);
    Files.deleteIfExists(out.resolve("results.json"));
    String base = Api.itServer().base().toString();
    long pid = serverPid();
    List<String> command =
        new ArrayList<>(
            List.of(
                "node",
                "src/bench/js/side-by-side.mjs",
                "--feedline",
                base.substring(0, base.length() - 1),
                "--feedline-pid",
                Long.toString(pid),
                "--connections",
                "200",
                "--rates",
                "400,2000",
                "--seconds",
                "2",
                "--saturated-seconds",
                "1",
                "--stalled-percent",
                "10",
                "--memory-connections",
                "100",
                "--out",
                out.toString(),
                "--timeout-seconds",
                "240",
                "--check"));
    Path log = out.resolve("run.log");
    Process node =
        new ProcessBuilder(command)
            .directory(PROJECT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!node.waitFor(300, TimeUnit.SECONDS)) {
      node.descendants().forEach(ProcessHandle::destroyForcibly);
      node.destroyForcibly();
    }
    assertEquals(0, node.exitValue(), () -> "The small benchmark run failed:\n" + read(log));

    JsonObject results;
    try (JsonReader reader =
        Json.createReader(new StringReader(Files.readString(out.resolve("results.json"))))) {
      results = reader.readObject();
    }
    var runs = results.getJsonArray("runs").getValuesAs(JsonObject.class);
    assertEquals(
        Set.of("feedline-ws", "feedline-sse", "ws", "socketio"),
        runs.stream().map(r -> r.getString("key")).collect(Collectors.toSet()));
    for (JsonObject run : runs) {
      String system = run.getString("system");
      assertEquals(200, run.getInt("connections"), system);
      Set<String> phases =
          run.getJsonArray("phases").getValuesAs(JsonObject.class).stream()
              .map(p -> p.getString("phase"))
              .collect(Collectors.toSet());
      assertTrue(phases.containsAll(PHASES), system + ": " + phases);
      for (JsonObject phase : run.getJsonArray("phases").getValuesAs(JsonObject.class)) {
        String name = system + ", " + phase.getString("phase");
        int readers = phase.getInt("readers");
        int posts = phase.getInt("posts");
        assertTrue(posts > 0, name);
        assertEquals((long) readers * posts, phase.getJsonNumber("deliveries").longValue(), name);
        assertEquals(0, phase.getInt("lost"), name);
        assertEquals(0, phase.getInt("repeated"), name);
        assertTrue(phase.getJsonNumber("cpuPerMillion").doubleValue() > 0, name + ": server CPU");
        assertTrue(phase.getJsonNumber("p99").doubleValue() > 0, name + ": latency");
      }
      // Memory twice: with the subscribers and with 100 more idle connections afterwards.
      assertEquals(2, run.getJsonArray("memory").size(), system + ": memory measured");
    }
    JsonObject feedline =
        runs.stream().filter(r -> r.getString("key").equals("feedline-ws")).findFirst().get();
    assertTrue(
        feedline.getJsonArray("phases").getValuesAs(JsonObject.class).stream()
            .anyMatch(
                p -> p.getString("phase").equals("stalled 10%") && p.getInt("readers") == 180),
        "Feedline WebSocket measured with 20 of its 200 subscribers not reading");

    String table = Files.readString(out.resolve("table.md"));
    String plot = Files.readString(out.resolve("plot.svg"));
    for (JsonObject run : runs) {
      assertTrue(table.contains("| " + run.getString("system") + " |"), table);
      assertTrue(plot.contains(run.getString("system")), "the plot's legend");
    }
    assertTrue(plot.startsWith("<svg") && plot.contains("<polyline"), "an SVG plot with lines");
  }

  /** The shared integration-test server's JVM. */
  private static long serverPid() {
    String marker = "ws-server.jar " + System.getProperty("feedline.it.server");
    return ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains(marker + " ") || c.endsWith(marker))
                    .orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No process runs " + marker))
        .pid();
  }

  private static String read(Path log) {
    try {
      String text = Files.readString(log);
      return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
