package dev.feedline.stream.boundary;

import dev.feedline.stream.control.Transport;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A WebSocket session as a {@link Transport}: asynchronous sends, completion by callback. */
final class WebSocketTransport implements Transport {
  private static final Logger LOG = Logger.getLogger(WebSocketTransport.class.getName());
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final Session session;

  WebSocketTransport(Session session) {
    this.session = session;
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    session
        .getAsyncRemote()
        .sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
  }

  @Override
  public void ping(Consumer<Throwable> done) {
    try {
      session.getAsyncRemote().sendPing(EMPTY.duplicate());
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
