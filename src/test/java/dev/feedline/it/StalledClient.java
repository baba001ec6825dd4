package dev.feedline.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a raw socket with a tiny receive buffer that stops reading: at once when
 * subscribed, or after reading some events and answering every ping until then (a phone that drives
 * into a tunnel mid-stream, as the server sees it). Reading resumes only to find out how the server
 * closed the connection.
 */
final class StalledClient implements AutoCloseable {
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);
  private final Socket socket = new Socket();
  private final DataInputStream in;
  private final OutputStream out;
  private Thread reader;

  StalledClient(Api api, String feed) throws IOException {
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(api.base().getHost(), api.base().getPort()), 10_000);
    socket.setSoTimeout((int) ANSWER_BOUND.toMillis());
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String handshake =
        "GET /api/v1/stream HTTP/1.1\r\nHost: "
            + api.base().getHost()
            + ":"
            + api.base().getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(nonce)
            + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    out.write(handshake.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    try {
      String status = readHeaders();
      if (!status.contains(" 101 ")) {
        throw new IOException("Upgrade refused: " + status);
      }
      sendText("{\"type\":\"subscribe\",\"feed\":\"" + feed + "\"}");
      while (!readFrameText().contains("\"subscribed\"")) {
        // skip anything before the answer
      }
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new AssertionError(
          "The server did not answer the upgrade and the subscribe within "
              + Poll.span(ANSWER_BOUND),
          e);
    }
  }

  /**
   * Reads on a thread of its own, answering each ping with its pong, until {@code events} events
   * have arrived; then stops reading with the connection left open.
   */
  StalledClient readThenStall(int events) {
    reader =
        new Thread(
            () -> {
              try {
                int seen = 0;
                while (seen < events) {
                  int opcode = in.readUnsignedByte() & 0x0F;
                  byte[] payload = readPayload();
                  if (opcode == 0x9) {
                    sendFrame(0x8A, payload);
                  } else if (opcode == 0x1
                      && new String(payload, StandardCharsets.UTF_8).contains("\"type\":\"post.")) {
                    seen++;
                  } else if (opcode == 0x8) {
                    return;
                  }
                }
              } catch (IOException e) {
                // the server gave up on this client; readUntilClose tells how
              }
            },
            "stalling-client");
    reader.setDaemon(true);
    reader.start();
    return this;
  }

  /** Whether the client has stopped reading (after {@link #readThenStall}), within a bound. */
  boolean awaitStalled(Duration bound) throws InterruptedException {
    reader.join(bound.toMillis());
    return !reader.isAlive();
  }

  /** Reads (and discards) frames until the server's close frame; answers its close code. */
  int readUntilClose(Duration timeout) throws IOException {
    if (reader != null) {
      try {
        reader.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new SocketTimeoutException();
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        int first = in.readUnsignedByte();
        int opcode = first & 0x0F;
        byte[] payload = readPayload();
        if (opcode == 0x8) {
          return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("No close frame from the server within " + Poll.span(timeout), e);
    }
  }

  private String readFrameText() throws IOException {
    in.readUnsignedByte();
    return new String(readPayload(), StandardCharsets.UTF_8);
  }

  private byte[] readPayload() throws IOException {
    int second = in.readUnsignedByte();
    long length = second & 0x7F;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return payload;
  }

  private void sendText(String text) throws IOException {
    sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
  }

  /** One masked frame, as a client sends it: {@code head} is FIN and the opcode. */
  private synchronized void sendFrame(int head, byte[] data) throws IOException {
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    ByteArrayOutputStream frame = new ByteArrayOutputStream(data.length + 8);
    frame.write(head);
    if (data.length < 126) {
      frame.write(0x80 | data.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(data.length >> 8);
      frame.write(data.length & 0xFF);
    }
    frame.write(mask);
    for (int i = 0; i < data.length; i++) {
      frame.write(data[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  private String readHeaders() throws IOException {
    StringBuilder headers = new StringBuilder();
    while (!headers.toString().endsWith("\r\n\r\n")) {
      headers.append((char) in.readUnsignedByte());
    }
    return headers.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
