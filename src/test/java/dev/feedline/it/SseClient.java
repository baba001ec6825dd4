package dev.feedline.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain HTTP reader of /api/v1/stream/sse, parsing the text/event-stream format itself. */
public final class SseClient implements AutoCloseable {
  /** HTTP/1.1, as EventSource in a browser speaks it: never the h2c upgrade. */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  /** One server-sent event. */
  public record Event(String id, String name, String data) {
    public JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(data))) {
        return reader.readObject();
      }
    }
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final AtomicInteger comments = new AtomicInteger();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final HttpResponse<InputStream> response;
  private volatile String retry;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    if (response.statusCode() == 200) {
      Thread reader = new Thread(this::read, "sse-reader");
      reader.setDaemon(true);
      reader.start();
    } else {
      ended.complete(null);
    }
  }

  /**
   * Opens a stream on {@code query} (e.g. "feed=home&feed=tag:java") with optional headers, failing
   * when the response headers do not come within {@link Api#ANSWER_BOUND}. The JDK's client stops a
   * request's timeout once the headers are in when the body is read as a stream, so the bound never
   * cuts the stream itself.
   */
  public static SseClient open(Api api, String query, String token, String lastEventId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(api.base().resolve("api/v1/stream/sse?" + query))
            .timeout(Api.ANSWER_BOUND)
            .header("Accept", "text/event-stream");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (HttpTimeoutException e) {
      throw new IllegalStateException(
          "Opening the SSE stream ?"
              + withoutToken(query)
              + ": no response headers from the server within "
              + Poll.span(Api.ANSWER_BOUND),
          e);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Opening the SSE stream ?" + withoutToken(query) + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String withoutToken(String query) {
    return query.replaceAll("access_token=[^&]*", "access_token=***");
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The body of a refused request (JSON error), read whole. */
  public JsonObject errorBody() {
    try (InputStream body = response.body();
        JsonReader reader =
            Json.createReader(
                new StringReader(new String(body.readAllBytes(), StandardCharsets.UTF_8)))) {
      return reader.readObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String retry() {
    return retry;
  }

  public int comments() {
    return comments.get();
  }

  public Event next(Duration timeout) {
    try {
      Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError(
            "No event from the server within "
                + Poll.span(timeout)
                + (ended.isDone() ? "; the stream had ended" : ""));
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next event, or null if none comes within {@code timeout}. */
  public Event poll(Duration timeout) {
    try {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Collects events with an id (feed events) until {@code count}, skipping control events. */
  public List<Event> feedEvents(int count, Duration timeout) {
    List<Event> found = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (found.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "Only "
                + found.size()
                + " of "
                + count
                + " events from the server within "
                + Poll.span(timeout)
                + ": "
                + found);
      }
      Event event = next(Duration.ofNanos(left));
      if (event.id() != null) {
        found.add(event);
      }
    }
    return found;
  }

  /** Waits until the server ends the stream. */
  public boolean awaitEnd(Duration timeout) {
    try {
      ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String name = null;
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0 || name != null) {
            events.add(new Event(id, name == null ? "message" : name, data.toString()));
          }
          id = null;
          name = null;
          data.setLength(0);
        } else if (line.startsWith(":")) {
          comments.incrementAndGet();
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        } else if (line.startsWith("retry: ")) {
          retry = line.substring(7);
        }
      }
    } catch (IOException e) {
      // the stream was closed
    } finally {
      ended.complete(null);
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
  }
}
