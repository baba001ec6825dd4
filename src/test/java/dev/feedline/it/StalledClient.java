package dev.feedline.it;

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
 * A WebSocket client on a raw socket with a tiny receive buffer that stops reading once subscribed:
 * a phone in a tunnel, as the server sees it. Reading resumes only to find out how the server
 * closed the connection.
 */
final class StalledClient implements AutoCloseable {
  private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);
  private final Socket socket = new Socket();
  private final DataInputStream in;
  private final OutputStream out;

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

  /** Reads (and discards) frames until the server's close frame; answers its close code. */
  int readUntilClose(Duration timeout) throws IOException {
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
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    out.write(0x81);
    if (data.length < 126) {
      out.write(0x80 | data.length);
    } else {
      out.write(0x80 | 126);
      out.write(data.length >> 8);
      out.write(data.length & 0xFF);
    }
    out.write(mask);
    for (int i = 0; i < data.length; i++) {
      out.write(data[i] ^ mask[i % 4]);
    }
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
