package dev.feedline.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM (how Kubernetes and container engines stop a node) drains first and stops after.
 *
 * <p>Left to the JVM, SIGTERM runs the shutdown hooks at once, and Liberty's hook quiesces the HTTP
 * listener: with no request in flight it stops the listener within moments, which breaks every open
 * WebSocket without a close frame. Handling the signal here turns the order around: the drain runs
 * to its end while the server still serves (readiness DOWN, streams closed with 1001 over the drain
 * period), and only then does the JVM exit into Liberty's ordinary stop.
 */
final class TerminationSignal {
  private static final Logger LOG = Logger.getLogger(TerminationSignal.class.getName());

  /** The status a process stopped by SIGTERM conventionally exits with (128 + 15). */
  static final int EXIT_STATUS = 143;

  private final Signal term = new Signal("TERM");
  private final AtomicBoolean received = new AtomicBoolean();
  private SignalHandler previous;

  /**
   * Handles SIGTERM with {@code drain} followed by exit. Returns false when the JVM does not allow
   * it (signals reduced with -Xrs, or no such signal); the caller then relies on a shutdown hook.
   */
  boolean install(Runnable drain) {
    // The signal arrives on a JVM thread that knows nothing of the application; the drain runs
    // with the application's class loader, as the server's own threads do (metrics and CDI look
    // their services up through it).
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    try {
      previous = Signal.handle(term, signal -> onTerm(drain, application));
      return true;
    } catch (IllegalArgumentException | IllegalStateException | LinkageError unavailable) {
      LOG.log(
          Level.INFO,
          "SIGTERM cannot be handled here; draining from the shutdown hook",
          unavailable);
      return false;
    }
  }

  /** Gives SIGTERM back to the JVM (the application stops while the server goes on). */
  void uninstall() {
    if (previous != null && !received.get()) {
      try {
        Signal.handle(term, previous);
      } catch (IllegalArgumentException | IllegalStateException e) {
        LOG.log(Level.FINE, "SIGTERM handler not restored", e);
      }
    }
  }

  private void onTerm(Runnable drain, ClassLoader application) {
    if (!received.compareAndSet(false, true)) {
      return; // already draining; the orchestrator's grace period bounds how long that takes
    }
    Thread stopper =
        new Thread(
            () -> {
              try {
                drain.run();
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Drain failed; stopping anyway", e);
              } finally {
                System.exit(EXIT_STATUS);
              }
            },
            "feedline-sigterm");
    stopper.setContextClassLoader(application);
    stopper.start();
  }
}
