package dev.feedline.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on a free 127.0.0.1 port to one target, standing between a node and its store so
 * a test can take the network away: {@link #cut()} breaks every open connection and closes each new
 * one at once, {@link #restore()} forwards again. Plain sockets, two threads per connection, at
 * most {@link #MAX_CONNECTIONS} connections at a time.
 */
public final class TcpProxy implements AutoCloseable {
  /** More than a node's pool and its probes ever open; beyond it connections are closed. */
  public static final int MAX_CONNECTIONS = 64;

  private static final int CONNECT_TIMEOUT_MS = 5000;

  private final InetSocketAddress target;
  private final ServerSocket listener;
  private final Thread acceptor;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pairs = new AtomicInteger();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean cut;
  private volatile boolean closed;

  private TcpProxy(InetSocketAddress target) {
    this.target = target;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen for the proxy", e);
    }
    this.acceptor = daemon(this::accept, "tcp-proxy-accept-" + listener.getLocalPort());
    acceptor.start();
  }

  /** A proxy to 127.0.0.1:{@code targetPort}, forwarding from the start. */
  public static TcpProxy to(int targetPort) {
    return new TcpProxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
  }

  /** The port clients connect to instead of the target's. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Connections accepted since the proxy started, forwarded or refused. */
  public int accepted() {
    return accepted.get();
  }

  /** Breaks every open connection; new ones are closed as soon as they are accepted. */
  public void cut() {
    cut = true;
    closeAll();
  }

  /** Forwards new connections again. */
  public void restore() {
    cut = false;
  }

  public boolean isCut() {
    return cut;
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      accepted.incrementAndGet();
      if (cut || closed || pairs.get() >= MAX_CONNECTIONS) {
        closeQuietly(client);
        continue;
      }
      forward(client);
    }
  }

  private void forward(Socket client) {
    Socket server = new Socket();
    try {
      server.connect(target, CONNECT_TIMEOUT_MS);
      client.setTcpNoDelay(true);
      server.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(server);
      return;
    }
    pairs.incrementAndGet();
    open.add(client);
    open.add(server);
    AtomicInteger ends = new AtomicInteger();
    Runnable finished =
        () -> {
          // Either direction ending ends the pair, so a half-dead connection never lingers.
          closeQuietly(client);
          closeQuietly(server);
          open.remove(client);
          open.remove(server);
          if (ends.incrementAndGet() == 2) {
            pairs.decrementAndGet();
          }
        };
    String name = "tcp-proxy-" + client.getPort();
    daemon(() -> pump(client, server, finished), name + "-up").start();
    daemon(() -> pump(server, client, finished), name + "-down").start();
    if (cut || closed) {
      // A cut that came while this pair was being set up must not miss it.
      finished.run();
    }
  }

  private static void pump(Socket from, Socket to, Runnable finished) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (SocketException closedByCutOrPeer) {
      // the pair is being torn down
    } catch (IOException e) {
      // the same: nothing more can be forwarded
    } finally {
      finished.run();
    }
  }

  private void closeAll() {
    List<Socket> sockets = new ArrayList<>(open);
    sockets.forEach(TcpProxy::closeQuietly);
    open.removeAll(sockets);
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(listener);
    closeAll();
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
