package dev.feedline.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The HTTP session statistics of the application at the root context of the integration tests'
 * server, read over Liberty's local JMX connector (the address Liberty writes to its state folder).
 */
final class SessionStats implements AutoCloseable {
  private final JMXConnector connector;
  private final MBeanServerConnection server;

  private SessionStats(JMXConnector connector) throws IOException {
    this.connector = connector;
    this.server = connector.getMBeanServerConnection();
  }

  static SessionStats ofItServer() {
    Path address =
        LibertyNode.itServerDirectory()
            .resolve("logs")
            .resolve("state")
            .resolve("com.ibm.ws.jmx.local.address");
    try {
      String url = Files.readString(address, StandardCharsets.UTF_8).strip();
      return new SessionStats(JMXConnectorFactory.connect(new JMXServiceURL(url)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach the server's local JMX connector", e);
    }
  }

  /** A counter of the root application's sessions: CreateCount, LiveCount, InvalidatedCount. */
  long count(String attribute) throws Exception {
    Set<ObjectName> names =
        server.queryNames(new ObjectName("WebSphere:type=SessionStats,name=default_host/"), null);
    if (names.isEmpty()) {
      return 0; // no session made yet since the application was deployed
    }
    return ((Number) server.getAttribute(names.iterator().next(), attribute)).longValue();
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
