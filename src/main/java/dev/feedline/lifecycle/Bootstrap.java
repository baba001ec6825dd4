package dev.feedline.lifecycle;

import dev.feedline.auth.control.TokenSettings;
import dev.feedline.configuration.Profile;
import dev.feedline.configuration.RequiredSettings;
import dev.feedline.push.control.PushSender;
import dev.feedline.push.control.PushSettings;
import dev.feedline.store.control.Migrations;
import dev.feedline.stream.control.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Starts the node in order: check the profile's required settings and read the token verification
 * key (the local profile: make its own), bring the schema up to date. A failure stops the
 * application with a message that says why.
 */
@ApplicationScoped
public class Bootstrap {
  private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());

  @Inject Config config;
  @Inject Profile profile;
  @Inject DataSource dataSource;
  @Inject TokenSettings tokens;
  @Inject Hub hub;
  @Inject PushSettings push;
  @Inject PushSender sender;

  private volatile boolean started;
  private final Thread drainOnTerm = new Thread(() -> hub.drain(), "feedline-drain");
  private final TerminationSignal termination = new TerminationSignal();

  void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    List<String> problems =
        new ArrayList<>(
            RequiredSettings.problems(
                profile.name(), key -> config.getOptionalValue(key, String.class)));
    // Reads the verification key now (the local profile: makes its own), so a key that cannot be
    // used stops the node here, named, instead of turning every token away later.
    problems.addAll(tokens.prepare());
    problems.addAll(push.problems());
    if (!problems.isEmpty()) {
      String message =
          "Feedline's "
              + profile.name()
              + " profile cannot start; set or correct: \n  - "
              + String.join("\n  - ", problems);
      LOG.severe(message);
      throw new IllegalStateException(message);
    }
    String version = Migrations.migrate(dataSource);
    hub.start();
    sender.start();
    // SIGTERM (how Kubernetes stops a pod) drains while the server still serves, then stops it.
    // Where the signal cannot be handled, and for other ways the JVM ends (Ctrl-C), a shutdown
    // hook starts the drain alongside the server's own quiesce instead.
    termination.install(hub::drain);
    Runtime.getRuntime().addShutdownHook(drainOnTerm);
    started = true;
    LOG.info("Feedline started: profile " + profile.name() + ", schema version " + version);
  }

  /** On shutdown: readiness turns DOWN, then open streams are drained. */
  void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
    termination.uninstall();
    try {
      Runtime.getRuntime().removeShutdownHook(drainOnTerm);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: the drain is under way
    }
    sender.stop();
    hub.drain();
  }

  /** Whether the start-up sequence has completed. */
  public boolean started() {
    return started;
  }
}
