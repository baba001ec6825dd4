package dev.feedline.store.control;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out the test PostgreSQL's connections again after they are closed, as
 * the server's connection pool does. Without it every transaction of a store test opened a new
 * connection, a new PostgreSQL backend each time: about 25 ms, which made the PostgreSQL cases of
 * the store tests take most of the unit tests' time. A connection comes back with its session reset
 * ({@code DISCARD ALL}: no settings, prepared statements or temporary tables carry over); one that
 * broke is dropped. At most {@code maxIdle} are kept.
 */
final class ReusedConnections implements DataSource, AutoCloseable {
  private final DataSource physical;
  private final int maxIdle;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  ReusedConnections(DataSource physical, int maxIdle) {
    this.physical = physical;
    this.maxIdle = maxIdle;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection;
    synchronized (this) {
      if (closed) {
        throw new SQLException("The test database is closed");
      }
      connection = idle.pollFirst();
    }
    return borrowed(connection == null ? physical.getConnection() : connection);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("The test database has one user");
  }

  private Connection borrowed(Connection connection) {
    boolean[] returned = {false};
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close" -> {
                  if (!returned[0]) {
                    returned[0] = true;
                    giveBack(connection);
                  }
                  return null;
                }
                case "isClosed" -> {
                  return returned[0] || connection.isClosed();
                }
                default -> {
                  if (returned[0] && method.getDeclaringClass() != Object.class) {
                    throw new SQLException("The connection is closed");
                  }
                  try {
                    return method.invoke(connection, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                }
              }
            });
  }

  private void giveBack(Connection connection) throws SQLException {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
      try (Statement reset = connection.createStatement()) {
        reset.execute("discard all");
      }
    } catch (SQLException broken) {
      connection.close();
      return;
    }
    synchronized (this) {
      if (!closed && idle.size() < maxIdle) {
        idle.addFirst(connection);
        return;
      }
    }
    connection.close();
  }

  /** Closes the connections kept; later requests fail. */
  @Override
  public void close() throws SQLException {
    Deque<Connection> kept;
    synchronized (this) {
      closed = true;
      kept = new ArrayDeque<>(idle);
      idle.clear();
    }
    for (Connection connection : kept) {
      connection.close();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return physical.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    physical.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    physical.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return physical.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return physical.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return physical.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || physical.isWrapperFor(type);
  }
}
