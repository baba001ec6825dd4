package dev.feedline.store.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Runs work in transactions on the store, and tells a store that cannot be reached (503) from a
 * statement that failed (a bug, 500).
 */
@ApplicationScoped
public class Database {
  private static final Logger LOG = Logger.getLogger(Database.class.getName());
  // Marks a request for a whole-transaction snapshot; see isolationFor.
  private static final int SNAPSHOT = -1;
  // H2's SNAPSHOT level: its REPEATABLE READ fixes each table only when first read.
  private static final int H2_SNAPSHOT = 6;

  private DataSource dataSource;

  Database() {}

  @Inject
  public Database(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs {@code work} in a read-committed transaction; commits if it returns, else rolls back. */
  public <T> T inTransaction(SqlWork<T> work) {
    return run(Connection.TRANSACTION_READ_COMMITTED, work);
  }

  /** Runs {@code work} on one consistent snapshot, for reads that must agree with each other. */
  public <T> T inSnapshot(SqlWork<T> work) {
    return run(SNAPSHOT, work);
  }

  private <T> T run(int isolation, SqlWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      int previousIsolation = connection.getTransactionIsolation();
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(isolationFor(connection, isolation));
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        throw e;
      } finally {
        connection.setTransactionIsolation(previousIsolation);
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  private static int isolationFor(Connection connection, int isolation) throws SQLException {
    if (isolation != SNAPSHOT) {
      return isolation;
    }
    // PostgreSQL's REPEATABLE READ is a snapshot of the whole transaction; H2's is not.
    return connection.getMetaData().getDatabaseProductName().startsWith("H2")
        ? H2_SNAPSHOT
        : Connection.TRANSACTION_REPEATABLE_READ;
  }

  /** Whether {@code connection} is to PostgreSQL (else H2), for the few statements that differ. */
  public static boolean isPostgres(Connection connection) throws SQLException {
    return connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
  }

  /** Whether the store answers a trivial query now. */
  public boolean reachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  public static RuntimeException translate(SQLException e) {
    if (isConnectionFailure(e)) {
      return new StoreUnavailableException(e.getMessage(), e);
    }
    return new IllegalStateException("Store statement failed: " + e.getMessage(), e);
  }

  /** Whether {@code e} came from a unique-key violation (SQLState 23505). */
  public static boolean isUniqueViolation(RuntimeException e) {
    return e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
  }

  private static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.sql.SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P0x: PostgreSQL shutting down; HYT00: pool wait timed out.
        if (state != null
            && (state.startsWith("08") || state.startsWith("57P0") || state.equals("HYT00"))) {
          return true;
        }
      }
      if (t instanceof java.net.ConnectException || t instanceof java.net.SocketException) {
        return true;
      }
      if (t.getClass().getName().contains("ConnectionWaitTimeout")) {
        return true;
      }
    }
    return false;
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      LOG.log(Level.FINE, "Rollback failed", e);
    }
  }
}
