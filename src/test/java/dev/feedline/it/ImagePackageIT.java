package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's input (target/image/feedline.tar.gz, which the Dockerfile adds) never carries what
 * running the server locally leaves in its folder: data/ (the H2 database with every local post,
 * and the local token signing key), tranlog/, logs/, workarea/, key stores, key files and database
 * files, wherever they lie, and server.env (the local runs' LTPA keys password).
 *
 * <p>The first test leaves such files in a copy of the build's feedline server, as {@code mvn
 * liberty:run} would, packages that copy with the pom's own image executions (a nested, offline
 * Maven pointed at it) and lists the archive. It packages with {@code --include=usr} rather than
 * minify: Liberty picks the server folder's entries with the same code for both, and usr takes
 * seconds where minify takes a minute. The second lists the archive this build made.
 */
class ImagePackageIT {
  private static final Duration BUILD_BOUND = Duration.ofMinutes(5);
  private static final String SERVER = "wlp/usr/servers/feedline/";
  private static final Pattern RUN_FOLDER =
      Pattern.compile("^wlp/usr/servers/[^/]+/(data|tranlog|logs|workarea)(/|$)");
  private static final Pattern SECRET_OR_DATABASE =
      Pattern.compile("\\.(pem|key|keys|jks|p12|mv\\.db|trace\\.db)$|/server\\.env$");

  /** What a local run leaves in the server's folder, and key or database files anywhere in it. */
  private static final List<String> LEFT_BY_A_RUN =
      List.of(
          "data/feedline.mv.db",
          "data/feedline.trace.db",
          "data/dev-jwt-private.pem",
          "data/dev-jwt-public.pem",
          "tranlog/tranlog/log1",
          "tranlog/partnerlog/log1",
          "logs/messages.log",
          "logs/ffdc/ffdc_26.11.30_10.00.00.0.log",
          "workarea/.sLock",
          "workarea/org.eclipse.osgi/framework.info.0",
          "apps/expanded/feedline.war/index.html",
          "resources/security/key.p12",
          "resources/security/key.jks",
          "resources/security/ltpa.keys",
          "configDropins/overrides/local.p12",
          "jdbc/client.key",
          "jdbc/cache.mv.db",
          "dropins/feedline.trace.db");

  @TempDir Path work;

  @Test
  void whatALocalRunLeftInTheServerFolderStaysOutOfTheArchive() throws IOException {
    Path run = work.resolve("run").resolve("feedline");
    copyServerConfiguration(Path.of(required("feedline.it.image-source")), run);
    for (String file : LEFT_BY_A_RUN) {
      Path path = run.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "left by a local run");
    }
    Path image = work.resolve("image");

    maven(
        "clean:clean@image-stage-clean",
        "resources:copy-resources@image-stage",
        "exec:exec@image-package",
        "-Dfeedline.image.source=" + run,
        "-Dfeedline.image.staging=" + work.resolve("staging"),
        "-Dfeedline.image.dir=" + image,
        "-Dfeedline.image.options=--include=usr");

    List<String> entries = list(image.resolve("feedline.tar.gz"));
    assertServerAndApplicationPacked(entries);
    assertEquals(List.of(), runState(entries), "run state in the archive");
  }

  @Test
  void theArchiveThisBuildMadeHoldsNoRunState() {
    List<String> entries = list(Path.of(required("feedline.it.image-package")));
    assertServerAndApplicationPacked(entries);
    assertEquals(List.of(), runState(entries), "run state in the archive");
  }

  private static void assertServerAndApplicationPacked(List<String> entries) {
    for (String expected :
        List.of("server.xml", "dropins/feedline.war", "jdbc/h2.jar", "jdbc/postgresql.jar")) {
      assertTrue(entries.contains(SERVER + expected), expected + " missing from " + entries);
    }
  }

  private static List<String> runState(List<String> entries) {
    return entries.stream()
        .filter(e -> RUN_FOLDER.matcher(e).find() || SECRET_OR_DATABASE.matcher(e).find())
        .toList();
  }

  /** What the build itself puts into the feedline server: configuration, drivers, application. */
  private static void copyServerConfiguration(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    for (String file : List.of("server.xml", "server.env")) {
      Files.copy(source.resolve(file), target.resolve(file));
    }
    for (String folder : List.of("jdbc", "dropins")) {
      Files.createDirectories(target.resolve(folder));
      try (Stream<Path> files = Files.list(source.resolve(folder))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String name = file.getFileName().toString();
          if (name.endsWith(".jar") || name.endsWith(".war.xml") || name.endsWith(".war")) {
            Files.copy(file, target.resolve(folder).resolve(name));
          }
        }
      }
    }
  }

  /** Runs this project's Maven, offline, on the same local repository, with {@code args}. */
  private void maven(String... args) {
    String home = System.getProperty("feedline.it.maven-home", "");
    List<String> command = new ArrayList<>();
    command.add(home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString());
    command.addAll(List.of("-o", "-q", "-B", "-f", project().resolve("pom.xml").toString()));
    String repo = System.getProperty("feedline.it.maven-repo", "");
    if (!repo.isBlank()) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    command.addAll(List.of(args));
    String output = execute(command);
    if (output != null) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
  }

  /** The archive's entry names, as tar lists them. */
  private List<String> list(Path archive) {
    assertTrue(Files.isRegularFile(archive), "no archive at " + archive);
    Path listing = work.resolve("listing-" + System.nanoTime() + ".txt");
    String failure = execute(List.of("tar", "-tzf", archive.toString()), listing.toFile());
    if (failure != null) {
      throw new AssertionError("tar -tzf " + archive + " failed:\n" + failure);
    }
    try {
      return Files.readAllLines(listing, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String execute(List<String> command) {
    return execute(command, work.resolve("out-" + System.nanoTime() + ".txt").toFile());
  }

  /** Runs {@code command} with its standard output in {@code out}; null when it exits with 0. */
  private String execute(List<String> command, java.io.File out) {
    try {
      Path errors = work.resolve("err-" + System.nanoTime() + ".txt");
      Process process =
          new ProcessBuilder(command)
              .directory(project().toFile())
              .redirectOutput(out)
              .redirectError(errors.toFile())
              .start();
      if (!process.waitFor(BUILD_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return "still running after " + BUILD_BOUND;
      }
      if (process.exitValue() == 0) {
        return null;
      }
      return "exit "
          + process.exitValue()
          + "\n"
          + Files.readString(out.toPath())
          + Files.readString(errors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Path project() {
    return Path.of(System.getProperty("feedline.it.project", "."));
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("System property " + property + " is not set");
    }
    return value;
  }
}
