package dev.feedline.stream.control;

import java.util.function.Consumer;

/**
 * One client connection's wire: WebSocket or SSE. The {@link Subscriber} guarantees at most one
 * send or ping in flight; {@code done} is called once when it completes (null) or fails.
 */
public interface Transport {
  void send(String text, Consumer<Throwable> done);

  /** A keep-alive: a WebSocket ping frame, an SSE comment line. */
  void ping(Consumer<Throwable> done);

  /** Ends the connection with a close code of API.md (SSE ends its stream). */
  void close(int code, String reason);

  /** "websocket" or "sse". */
  String kind();
}
