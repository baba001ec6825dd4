package dev.feedline.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code kubectl kustomize}, the renderer {@code kubectl apply -k} uses. Without kubectl on
 * the PATH the tests that need it are skipped, saying so, unless {@code feedline.require-kubectl}
 * is true (CI sets it): then they fail, so CI cannot pass without rendering the manifests.
 */
final class Kubectl {
  static final String REQUIRE_KUBECTL = "feedline.require-kubectl";
  private static final long TIMEOUT_SECONDS = 60;

  /**
   * What kubectl printed: the manifests on stdout, and warnings (such as deprecations) on stderr.
   */
  record Rendered(String manifests, String warnings) {}

  private Kubectl() {}

  /** The rendered overlay or base at this directory. */
  static Rendered kustomize(Path directory) throws IOException, InterruptedException {
    Path kubectl = find();
    Path out = Files.createTempFile("kustomize", ".yaml");
    Path err = Files.createTempFile("kustomize", ".err");
    try {
      Process process =
          new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      process.getOutputStream().close(); // kustomize reads no input
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("kubectl kustomize " + directory + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        fail(
            "kubectl kustomize "
                + directory
                + " failed with exit code "
                + process.exitValue()
                + ":\n"
                + stderr);
      }
      return new Rendered(Files.readString(out, StandardCharsets.UTF_8), stderr);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * kubectl on the PATH; skips the test, or fails it when kubectl is required, if there is none.
   */
  static Path find() {
    Optional<Path> kubectl = onPath();
    if (kubectl.isEmpty()) {
      String message = "kubectl is not on the PATH, so k8s/ cannot be rendered";
      if (Boolean.getBoolean(REQUIRE_KUBECTL)) {
        fail(message + " (" + REQUIRE_KUBECTL + " is true, so this fails)");
      }
      Assumptions.abort(
          message
              + "; the manifest tests that render it are skipped. Set -D"
              + REQUIRE_KUBECTL
              + "=true to make this a failure.");
    }
    return kubectl.get();
  }

  private static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, "kubectl");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
