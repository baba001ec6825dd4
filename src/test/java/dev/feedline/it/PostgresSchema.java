package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own in the test PostgreSQL, dropped again on close. Where PostgreSQL cannot be
 * reached the test is skipped, saying so, unless feedline.require-postgres is true: then it fails.
 */
public final class PostgresSchema implements AutoCloseable {
  private final String url;
  private final String user;
  private final String name;

  private PostgresSchema(String url, String user, String name) {
    this.url = url;
    this.user = user;
    this.name = name;
  }

  /** Creates a fresh schema, or skips (fails, when PostgreSQL is required) if there is none. */
  public static PostgresSchema createOrSkip() {
    String url =
        System.getProperty("feedline.it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    String user = System.getProperty("feedline.it.postgres.user", "postgres");
    String name = "feedline_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = connect(url, user);
        Statement statement = connection.createStatement()) {
      statement.execute("create schema " + name);
    } catch (SQLException e) {
      String unreachable =
          "PostgreSQL is unreachable at " + url + " as " + user + " (" + e.getMessage() + ")";
      if (Boolean.getBoolean("feedline.require-postgres")) {
        fail(unreachable + ", and feedline.require-postgres is true.", e);
      }
      String message =
          unreachable
              + "; the PostgreSQL tests are skipped. Set -Dfeedline.require-postgres=true to make"
              + " this a failure.";
      Logger.getLogger(PostgresSchema.class.getName()).warning(message);
      Assumptions.abort(message);
    }
    return new PostgresSchema(url, user, name);
  }

  public String name() {
    return name;
  }

  /** The JDBC URL that puts a node's tables into this schema. */
  public String nodeUrl() {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** The port the test PostgreSQL listens on, for a proxy to forward to. */
  public int port() {
    int port = URI.create(url.substring("jdbc:".length())).getPort();
    return port == -1 ? 5432 : port;
  }

  /**
   * The JDBC URL of this schema on 127.0.0.1:{@code port} instead of PostgreSQL's own address: for
   * a node that reaches its store through a proxy.
   */
  public String nodeUrlThrough(int port) {
    URI node = URI.create(nodeUrl().substring("jdbc:".length()));
    return "jdbc:postgresql://127.0.0.1:"
        + port
        + node.getRawPath()
        + (node.getRawQuery() == null ? "" : "?" + node.getRawQuery());
  }

  public String user() {
    return user;
  }

  /** A connection with this schema as its search path, for checking what a node stored. */
  public Connection connect() throws SQLException {
    return connect(nodeUrl(), user);
  }

  @Override
  public void close() {
    try (Connection connection = connect(url, user);
        Statement statement = connection.createStatement()) {
      statement.execute("drop schema if exists " + name + " cascade");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot drop the test schema " + name, e);
    }
  }

  private static Connection connect(String url, String user) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    String password = System.getProperty("feedline.it.postgres.password");
    if (password != null) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", "5");
    properties.setProperty("loginTimeout", "10");
    return DriverManager.getConnection(url, properties);
  }
}
