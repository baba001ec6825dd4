package dev.feedline.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens a stream the way a proxy or a forger would: over a socket bound to a chosen local address
 * (any 127.x.y.z reaches a server on 127.0.0.1), with chosen headers such as X-Forwarded-For. It
 * reads the status line of the answer (200 for SSE, 101 for a WebSocket upgrade, 429 when refused)
 * and hangs up.
 */
public final class HandshakeProbe {
  private final String source;
  private final URI base;

  private HandshakeProbe(String source, URI base) {
    this.source = source;
    this.base = base;
  }

  /** Requests to {@code api}'s server from the local address {@code source}. */
  public static HandshakeProbe from(String source, Api api) {
    return new HandshakeProbe(source, api.base());
  }

  /** Opens the SSE stream of the public feed and returns the status. */
  public int sse(Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Accept", "text/event-stream");
    return status("/api/v1/stream/sse?feed=public", all);
  }

  /** Asks for the WebSocket upgrade of /api/v1/stream with {@code token} and returns the status. */
  public int webSocket(String token, Map<String, String> headers) {
    byte[] key = new byte[16];
    ThreadLocalRandom.current().nextBytes(key);
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Upgrade", "websocket");
    all.put("Connection", "Upgrade");
    all.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key));
    all.put("Sec-WebSocket-Version", "13");
    all.put("Authorization", "Bearer " + token);
    return status("/api/v1/stream", all);
  }

  private int status(String target, Map<String, String> headers) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
      socket.setSoTimeout((int) Api.ANSWER_BOUND.toMillis());
      StringBuilder request = new StringBuilder();
      request.append("GET ").append(target).append(" HTTP/1.1\r\n");
      request.append("Host: ").append(base.getHost()).append(':').append(base.getPort());
      request.append("\r\n");
      headers.forEach(
          (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
        throw new IllegalStateException("No HTTP answer to " + target + ": " + statusLine);
      }
      return Integer.parseInt(statusLine.substring(9, 12));
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + target + " from " + source, e);
    }
  }
}
