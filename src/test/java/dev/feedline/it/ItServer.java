package dev.feedline.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The integration tests' shared server: the build's {@code feedline-it} server (the packaged server
 * plus src/test/liberty/overrides) with the packaged WAR in its dropins, started once, by the first
 * test class that asks for it, and stopped after the last test of the run. Test classes that only
 * talk to the service as a client use it with {@code @ExtendWith(ItServer.class)} and reach it with
 * {@link Api#itServer()}; classes that need a configuration of their own start a {@link
 * LibertyNode}. One deployment for the whole run, as the Open Liberty guides do: deploying the WAR
 * again for each class cost 4 to 15 s a class.
 */
public final class ItServer implements BeforeAllCallback {
  /**
   * The lock every class on the shared server takes ({@code @ResourceLock(ItServer.LOCK)}): the
   * integration tests can run classes side by side, and the classes on this server count its
   * metrics, load it and stall its clients, so they take turns with each other while classes with
   * nodes of their own run beside them.
   */
  public static final String LOCK = "feedline-it-server";

  @Override
  public void beforeAll(ExtensionContext context) {
    Running server =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(ItServer.class, key -> Running.start(), Running.class);
    if (server.failure() != null) {
      throw new IllegalStateException(
          "The integration tests' server did not start", server.failure());
    }
  }

  /** The started server, or why it did not start (not retried by every class that follows). */
  private record Running(LibertyNode node, RuntimeException failure)
      implements ExtensionContext.Store.CloseableResource {
    static Running start() {
      LibertyNode node = LibertyNode.itServer();
      try {
        node.start(java.util.Map.of());
        return new Running(node, null);
      } catch (RuntimeException | AssertionError e) {
        RuntimeException failure =
            e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        return new Running(node, failure);
      }
    }

    @Override
    public void close() {
      node.close();
    }
  }
}
