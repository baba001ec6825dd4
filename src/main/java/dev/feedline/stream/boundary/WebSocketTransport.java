package dev.feedline.stream.boundary;

import dev.feedline.metrics.control.FeedlineMetrics;
import dev.feedline.stream.control.PingLane;
import dev.feedline.stream.control.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A WebSocket session as a {@link Transport}. Text frames always go asynchronously with a send
 * timeout: Liberty's blocking send waits with no time limit on a peer that stops reading. Liberty
 * writes ping frames only by such a blocking write, so pings go on the {@link PingLane}, where one
 * can hold no writer and is watched like every call.
 */
final class WebSocketTransport implements Transport {
  private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Session session;
  // Liberty's getAsyncRemote() is synchronized and makes a new endpoint object on each call.
  private final RemoteEndpoint.Async remote;
  private final PingLane pingLane;
  private final FeedlineMetrics metrics;

  WebSocketTransport(
      Session session, long sendTimeoutMs, PingLane pingLane, FeedlineMetrics metrics) {
    this.session = session;
    this.remote = session.getAsyncRemote();
    this.remote.setSendTimeout(sendTimeoutMs);
    this.pingLane = pingLane;
    this.metrics = metrics;
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    remote.sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
  }

  @Override
  public void ping(Consumer<Throwable> done) {
    metrics.webSocketPing();
    pingLane.send(this, () -> remote.sendPing(EMPTY.duplicate()), done);
  }

  @Override
  public void close(int code, String reason) {
    try {
      if (session.isOpen()) {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "Close failed", e);
    }
  }

  @Override
  public String kind() {
    return "websocket";
  }

  @Override
  public String toString() {
    return "websocket " + session.getId();
  }
}
