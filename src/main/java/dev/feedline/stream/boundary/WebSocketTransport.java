package dev.feedline.stream.boundary;

import dev.feedline.metrics.control.FeedlineMetrics;
import dev.feedline.stream.control.SendCredit;
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
 * A WebSocket session as a {@link Transport}. Liberty hands every asynchronous send to its selector
 * and then to another thread, where a blocking send is written on the calling thread at once; but a
 * blocking send to a peer that does not read waits with no time limit. So, with blocking sends on,
 * a frame is sent blocking while the connection's {@link SendCredit} says the socket surely takes
 * it, and asynchronously otherwise (completion by callback).
 */
final class WebSocketTransport implements Transport {
  private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Session session;
  // Liberty's getAsyncRemote() is synchronized and makes a new endpoint object on each call.
  private final RemoteEndpoint.Async remote;
  private final RemoteEndpoint.Basic basic;
  private final SendCredit credit;
  private final FeedlineMetrics metrics;

  /** {@code creditBytes}: 0 for asynchronous sends only, else see {@link SendCredit}. */
  WebSocketTransport(Session session, long creditBytes, FeedlineMetrics metrics) {
    this.session = session;
    this.metrics = metrics;
    this.remote = session.getAsyncRemote();
    this.basic = creditBytes > 0 ? session.getBasicRemote() : null;
    this.credit = creditBytes > 0 ? new SendCredit(creditBytes) : null;
  }

  /** A pong's payload, which may give back send credit. */
  void pong(ByteBuffer data) {
    if (credit != null) {
      credit.pong(data);
    }
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    if (credit == null || !credit.spend(text)) {
      metrics.webSocketSend(false);
      remote.sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
      return;
    }
    Throwable failure = null;
    try {
      basic.sendText(text);
      metrics.webSocketSend(true);
      ByteBuffer ping = credit.pingDue();
      if (ping != null) {
        basic.sendPing(ping);
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    done.accept(failure);
  }

  @Override
  public void ping(Consumer<Throwable> done) {
    try {
      ByteBuffer marked = credit == null ? null : credit.keepAlivePing();
      remote.sendPing(marked == null ? EMPTY.duplicate() : marked);
      done.accept(null);
    } catch (IOException | RuntimeException e) {
      done.accept(e);
    }
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
}
