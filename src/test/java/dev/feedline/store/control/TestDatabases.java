package dev.feedline.store.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The two databases the store runs on, each fresh and private to one test class: an H2 in-memory
 * database, and a new schema in the PostgreSQL that {@code feedline.it.postgres.url} names.
 *
 * <p>An unreachable PostgreSQL skips its cases, unless {@code feedline.require-postgres} is true
 * (CI sets it), when they fail: a CI run must not pass by testing H2 alone.
 */
public final class TestDatabases {
  static final String POSTGRES_URL = "feedline.it.postgres.url";
  static final String POSTGRES_USER = "feedline.it.postgres.user";
  static final String REQUIRE_POSTGRES = "feedline.require-postgres";

  /** The databases the store supports. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  /** An empty database; closing it drops it. */
  public record TestDatabase(Kind kind, String description, DataSource dataSource, Drop drop)
      implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      drop.run();
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** Removes a test database. */
  @FunctionalInterface
  public interface Drop {
    void run() throws SQLException;
  }

  private TestDatabases() {}

  public static TestDatabase open(Kind kind) {
    return kind == Kind.H2 ? h2() : postgres();
  }

  /** A private H2 in-memory database, with the lock timeout the local profile's URL sets. */
  public static TestDatabase h2() {
    String name = "feedline_" + suffix();
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    dataSource.setUser("sa");
    return new TestDatabase(
        Kind.H2, "H2 " + name, dataSource, () -> execute(dataSource, "shutdown"));
  }

  /** A new schema in the test PostgreSQL; skips (or fails, when required) if it is unreachable. */
  public static TestDatabase postgres() {
    String url = System.getProperty(POSTGRES_URL, "jdbc:postgresql://127.0.0.1:5432/test");
    String user = System.getProperty(POSTGRES_USER, "postgres");
    PGSimpleDataSource admin = postgres(url, user);
    try (Connection connection = admin.getConnection()) {
      connection.isValid(5);
    } catch (SQLException e) {
      unreachable(url, e);
    }
    String schema = "feedline_test_" + suffix();
    try {
      execute(admin, "create schema " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create schema " + schema + " at " + url, e);
    }
    PGSimpleDataSource physical = postgres(url, user);
    physical.setCurrentSchema(schema);
    ReusedConnections dataSource = new ReusedConnections(physical, 16);
    return new TestDatabase(
        Kind.POSTGRESQL,
        "PostgreSQL " + url + " schema " + schema,
        dataSource,
        () -> {
          dataSource.close();
          execute(admin, "drop schema " + schema + " cascade");
        });
  }

  static void unreachable(String url, Exception cause) {
    String message = "PostgreSQL at " + url + " is unreachable: " + cause.getMessage();
    if (Boolean.getBoolean(REQUIRE_POSTGRES)) {
      Assertions.fail(message + " (" + REQUIRE_POSTGRES + " is true, so this fails)", cause);
    }
    Assumptions.abort(message + " (PostgreSQL cases skipped)");
  }

  private static PGSimpleDataSource postgres(String url, String user) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(url);
    dataSource.setUser(user);
    dataSource.setConnectTimeout(5);
    dataSource.setLoginTimeout(5);
    return dataSource;
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  }
}
