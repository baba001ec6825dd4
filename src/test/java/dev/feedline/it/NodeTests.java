package dev.feedline.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs JavaScript test files with Node's test runner against the integration tests' server, its
 * output kept in target/node-tests/, and answers why it failed, if it did.
 */
final class NodeTests {
  private static final Path PROJECT = Path.of(System.getProperty("feedline.it.project", "."));
  private static final Path TESTS = PROJECT.resolve("src/test/js");

  private NodeTests() {}

  /** Node's major version, or 0 when there is no node on the PATH. */
  static int nodeMajor() {
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      node.waitFor(30, TimeUnit.SECONDS);
      return Integer.parseInt(version.strip().replaceFirst("^v(\\d+).*", "$1"));
    } catch (IOException | NumberFormatException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /**
   * Runs the files one after another (they share one server) and returns null when every test
   * passed, else the end of the output.
   */
  static String run(String name, Api api, long timeoutSeconds, String... files)
      throws IOException, InterruptedException {
    return run(name, api, Map.of(), timeoutSeconds, files);
  }

  /** As {@link #run(String, Api, long, String...)}, with {@code env} added to the environment. */
  static String run(
      String name, Api api, Map<String, String> env, long timeoutSeconds, String... files)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node"));
    if (nodeMajor() < 22) {
      // Node 20: the WebSocket global and ES modules in plain .js files are behind flags.
      command.addAll(List.of("--experimental-websocket", "--experimental-detect-module"));
    }
    command.addAll(List.of("--test", "--test-concurrency=1", "--test-reporter=spec"));
    command.addAll(List.of(files));
    Path log = PROJECT.resolve("target/node-tests/" + name + ".log");
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(TESTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    String base = api.base().toString();
    builder.environment().put("FEEDLINE_URL", base.substring(0, base.length() - 1));
    // Screenshots go to target/ unless asked for the README's (-Dfeedline.it.screenshots=docs).
    Path shots =
        PROJECT.resolve(
            System.getProperty("feedline.it.screenshots", "target/node-tests/screenshots"));
    Files.createDirectories(shots);
    builder.environment().put("FEEDLINE_DOCS", shots.toString());
    builder.environment().putAll(env);
    Process node = builder.start();
    if (!node.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      node.descendants().forEach(ProcessHandle::destroyForcibly);
      node.destroyForcibly();
      return "node --test did not end within " + timeoutSeconds + " s\n" + tail(log);
    }
    return node.exitValue() == 0
        ? null
        : "node --test exited " + node.exitValue() + "\n" + tail(log);
  }

  static boolean installed(String module) {
    return new File(TESTS.toFile(), "node_modules/" + module).isDirectory();
  }

  private static String tail(Path log) throws IOException {
    String text = Files.readString(log);
    return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
  }
}
