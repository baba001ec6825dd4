package dev.feedline.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** A WebSocket client of /api/v1/stream, as a mobile app would be: the JDK's own client. */
public final class StreamClient implements AutoCloseable {
  /** The opening handshake (the JDK applies the connect timeout to it whole) and each send. */
  private static final Duration HANDSHAKE_BOUND = Duration.ofSeconds(10);

  /** HTTP/1.1, as a phone's WebSocket opens: never the h2c upgrade. */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(HANDSHAKE_BOUND)
          .build();

  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  // What broke the connection when it ended without a close frame, for failure messages.
  private volatile Throwable broken;
  private final WebSocket socket;
  private final boolean reading;

  private StreamClient(Api api, String token, boolean tokenInQuery, boolean reading) {
    this.reading = reading;
    String ws = api.base().toString().replaceFirst("^http", "ws") + "api/v1/stream";
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(HANDSHAKE_BOUND);
    if (token != null && !tokenInQuery) {
      builder.header("Authorization", "Bearer " + token);
    }
    URI uri = URI.create(token != null && tokenInQuery ? ws + "?access_token=" + token : ws);
    this.socket =
        bounded(
            builder.buildAsync(uri, new Listener()),
            HANDSHAKE_BOUND.multipliedBy(2),
            "the WebSocket handshake");
  }

  /** Waits for {@code step}; a server that does not complete it in time fails, saying so. */
  private static <T> T bounded(CompletableFuture<T> step, Duration bound, String what) {
    try {
      return step.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          what + ": the server did not answer within " + Poll.span(bound), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
        // The JDK's own timer on the opening handshake.
        throw new IllegalStateException(
            what + ": the server did not answer within " + Poll.span(HANDSHAKE_BOUND), e);
      }
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static StreamClient connect(Api api, String token) {
    return new StreamClient(api, token, false, true);
  }

  public static StreamClient connectWithQueryToken(Api api, String token) {
    return new StreamClient(api, token, true, true);
  }

  /** A client that reads nothing after the handshake: the server sees a stalled phone. */
  public static StreamClient connectNotReading(Api api, String token) {
    return new StreamClient(api, token, false, false);
  }

  public void send(String json) {
    bounded(socket.sendText(json, true), Api.ANSWER_BOUND, "sending a frame");
  }

  /** Sends a fragment of a text message: the message ends with the part sent with {@code last}. */
  public void sendFragment(String part, boolean last) {
    bounded(socket.sendText(part, last), Api.ANSWER_BOUND, "sending a fragment");
  }

  /** Sends a binary frame (a fragment of a binary message unless {@code last}). */
  public void sendBinary(byte[] data, boolean last) {
    bounded(socket.sendBinary(ByteBuffer.wrap(data), last), Api.ANSWER_BOUND, "sending binary");
  }

  public void subscribe(String feed) {
    send("{\"type\":\"subscribe\",\"feed\":\"" + feed + "\"}");
  }

  public void subscribe(String feed, String since) {
    send("{\"type\":\"subscribe\",\"feed\":\"" + feed + "\",\"since\":\"" + since + "\"}");
  }

  /** Subscribes and waits for the subscribed answer; answers its position. */
  public String subscribeAndWait(String feed, String since) {
    if (since == null) {
      subscribe(feed);
    } else {
      subscribe(feed, since);
    }
    JsonObject answer =
        await(
            f ->
                "subscribed".equals(f.getString("type", ""))
                    && feed.equals(f.getString("feed", "")),
            Duration.ofSeconds(30));
    return answer.getString("position");
  }

  /** The next frame, failing after {@code timeout}. */
  public JsonObject next(Duration timeout) {
    try {
      JsonObject frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError(
            "No frame from the server within " + Poll.span(timeout) + connectionState());
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame, or null if none comes within {@code timeout}. */
  public JsonObject poll(Duration timeout) {
    try {
      return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Skips frames until one matches, failing after {@code timeout}. */
  public JsonObject await(Predicate<JsonObject> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "No matching frame from the server within " + Poll.span(timeout) + connectionState());
      }
      JsonObject frame = next(Duration.ofNanos(left));
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  /** Collects event frames (dotted types) until {@code count} arrived. */
  public List<JsonObject> events(int count, Duration timeout) {
    List<JsonObject> events = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "Only "
                + events.size()
                + " of "
                + count
                + " events from the server within "
                + Poll.span(timeout)
                + connectionState()
                + ": "
                + events);
      }
      JsonObject frame = next(Duration.ofNanos(left));
      if (frame.getString("type", "").contains(".")) {
        events.add(frame);
      }
    }
    return events;
  }

  /** The close code the server sent, waiting up to {@code timeout}. */
  public int closeCode(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "The server did not close the connection within " + Poll.span(timeout));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** For failure messages: how the connection ended, if it did. */
  private String connectionState() {
    if (!closed.isDone()) {
      return "";
    }
    int code = closed.join();
    return code < 0
        ? "; the connection broke: " + broken
        : "; the server had closed the connection with " + code;
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        socket.abort();
      }
    }
    socket.abort();
  }

  /** Drops the connection without a close handshake, as a phone losing its network would. */
  public void abort() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(reading ? 1 : 0);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try (JsonReader reader = Json.createReader(new StringReader(partial.toString()))) {
          frames.add(reader.readObject());
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      broken = error;
      closed.complete(-1);
    }
  }
}
