package dev.feedline.stream.control;

import dev.feedline.stream.entity.CloseCodes;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps connections honest on a timer: pings each one, closes a WebSocket that stopped answering
 * pings with 1001, and closes any connection whose token expired with 1008 (API.md: the client
 * reconnects with a fresh token and resumes).
 */
final class KeepAlive implements Runnable {
  private final ConnectionRegistry connections;
  private final StreamSettings settings;
  private final Consumer<Connection> disconnect;

  KeepAlive(ConnectionRegistry connections, StreamSettings settings, Consumer<Connection> closed) {
    this.connections = connections;
    this.settings = settings;
    this.disconnect = closed;
  }

  @Override
  public void run() {
    long now = System.nanoTime();
    long timeout = TimeUnit.SECONDS.toNanos(settings.pongTimeoutSeconds());
    long nowSeconds = System.currentTimeMillis() / 1000;
    for (Connection c : connections.all()) {
      if (c.caller() != null && c.caller().expired(nowSeconds)) {
        c.subscriber().close(CloseCodes.POLICY, "token expired");
        disconnect.accept(c);
      } else if (c.transport().kind().equals("websocket") && now - c.lastHeard() > timeout) {
        c.subscriber().close(CloseCodes.GOING_AWAY, "no answer to pings");
        disconnect.accept(c);
      } else {
        c.subscriber().ping();
      }
    }
  }
}
