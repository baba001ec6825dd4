package dev.feedline.stream.control;

import java.util.function.Consumer;

/** A wire that discards every frame, completes each send inline, then tells {@code onSent}. */
final class DiscardingTransport implements Transport {
  private final Runnable onSent;

  DiscardingTransport(Runnable onSent) {
    this.onSent = onSent;
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    done.accept(null);
    onSent.run();
  }

  @Override
  public void ping(Consumer<Throwable> done) {
    done.accept(null);
  }

  @Override
  public void close(int code, String reason) {}

  @Override
  public String kind() {
    return "websocket";
  }
}
