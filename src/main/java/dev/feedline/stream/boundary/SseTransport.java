package dev.feedline.stream.boundary;

import dev.feedline.stream.control.Transport;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An SSE response as a {@link Transport}, written with non-blocking servlet I/O: a send that the
 * socket cannot take now completes when the container says writing is possible again, so a stalled
 * reader never holds a thread.
 */
final class SseTransport implements Transport, WriteListener {
  private static final Logger LOG = Logger.getLogger(SseTransport.class.getName());
  private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

  private final AsyncContext async;
  private final ServletOutputStream out;
  private final Runnable onEnd;
  private byte[] preamble;
  private byte[] pendingData;
  private Consumer<Throwable> pending;
  private boolean writable;
  private boolean ended;

  SseTransport(AsyncContext async, ServletOutputStream out, String preamble, Runnable onEnd) {
    this.async = async;
    this.out = out;
    this.preamble = preamble.getBytes(StandardCharsets.UTF_8);
    this.onEnd = onEnd;
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    write(format(text), done);
  }

  @Override
  public void ping(Consumer<Throwable> done) {
    write(HEARTBEAT, done);
  }

  @Override
  public synchronized void close(int code, String reason) {
    if (!ended) {
      ended = true;
      try {
        async.complete();
      } catch (IllegalStateException e) {
        LOG.log(Level.FINE, "Stream already complete", e);
      }
    }
  }

  @Override
  public String kind() {
    return "sse";
  }

  /** One SSE event per frame: events carry their id and type; control frames only their type. */
  static byte[] format(String frame) {
    StringBuilder event = new StringBuilder(frame.length() + 48);
    if (frame.startsWith("{\"id\":\"")) {
      int idEnd = frame.indexOf('"', 7);
      int typeStart = frame.indexOf("\"type\":\"", idEnd) + 8;
      int typeEnd = frame.indexOf('"', typeStart);
      event.append("id: ").append(frame, 7, idEnd).append('\n');
      event.append("event: ").append(frame, typeStart, typeEnd).append('\n');
    } else {
      int typeStart = frame.indexOf("\"type\":\"") + 8;
      event.append("event: ").append(frame, typeStart, frame.indexOf('"', typeStart)).append('\n');
    }
    // JSON from this service never contains a raw line break, so one data line carries it.
    return event
        .append("data: ")
        .append(frame)
        .append("\n\n")
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  private void write(byte[] data, Consumer<Throwable> done) {
    Consumer<Throwable> complete = null;
    Throwable failure = null;
    synchronized (this) {
      if (ended) {
        failure = new IOException("stream ended");
      } else if (!writable || !out.isReady()) {
        writable = false;
        pendingData = data;
        pending = done;
        return;
      } else {
        try {
          out.write(data);
          if (out.isReady()) {
            out.flush();
          }
          if (out.isReady()) {
            complete = done;
          } else {
            writable = false;
            pending = done;
          }
        } catch (IOException | IllegalStateException e) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      done.accept(failure);
    } else if (complete != null) {
      complete.accept(null);
    }
  }

  @Override
  public void onWritePossible() throws IOException {
    Consumer<Throwable> complete;
    synchronized (this) {
      if (ended) {
        return;
      }
      if (preamble != null) {
        out.write(preamble);
        preamble = null;
        if (!out.isReady()) {
          return;
        }
        out.flush();
        if (!out.isReady()) {
          return;
        }
      }
      if (pendingData != null) {
        byte[] data = pendingData;
        pendingData = null;
        out.write(data);
        if (!out.isReady()) {
          return;
        }
        out.flush();
        if (!out.isReady()) {
          return;
        }
      }
      writable = true;
      complete = pending;
      pending = null;
    }
    if (complete != null) {
      complete.accept(null);
    }
  }

  @Override
  public void onError(Throwable error) {
    Consumer<Throwable> failed;
    synchronized (this) {
      ended = true;
      failed = pending;
      pending = null;
    }
    if (failed != null) {
      failed.accept(error);
    }
    onEnd.run();
  }
}
