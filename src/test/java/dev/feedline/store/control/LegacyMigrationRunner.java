package dev.feedline.store.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The schema runner Feedline shipped before Flyway, kept as it was to make the databases it left
 * behind: it applies the versioned SQL scripts under db/migration in order, each once, recording
 * them in schema_version. On PostgreSQL an advisory lock keeps two starting nodes from racing.
 *
 * <p>Only {@link #migrate(DataSource, List)} is new: it stands for a release whose list of scripts
 * was shorter.
 */
public final class LegacyMigrationRunner {
  private static final Logger LOG = Logger.getLogger(LegacyMigrationRunner.class.getName());
  static final List<String> SCRIPTS = List.of("V1__schema", "V2__read_markers");
  private static final long LOCK_KEY = 0x4665_6564_6c69_6e65L; // "Feedline"

  private LegacyMigrationRunner() {}

  /** Brings the schema up to date and answers the version it is at. */
  public static int migrate(DataSource dataSource) {
    return migrate(dataSource, SCRIPTS);
  }

  /** What a release that shipped only {@code scripts} (a prefix of today's) did at start. */
  public static int migrate(DataSource dataSource, List<String> scripts) {
    try (Connection connection = dataSource.getConnection()) {
      boolean postgres = connection.getMetaData().getDatabaseProductName().contains("PostgreSQL");
      connection.setAutoCommit(true);
      if (postgres) {
        try (Statement lock = connection.createStatement()) {
          lock.execute("select pg_advisory_lock(" + LOCK_KEY + ")");
        }
      }
      try {
        return apply(connection, scripts);
      } finally {
        if (postgres) {
          try (Statement unlock = connection.createStatement()) {
            unlock.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
          }
        }
      }
    } catch (SQLException e) {
      throw Database.translate(e);
    }
  }

  private static int apply(Connection connection, List<String> scripts) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "create table if not exists schema_version (version int primary key,"
              + " script varchar(200) not null, applied_at timestamp not null)");
    }
    int current = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select max(version) from schema_version")) {
      if (rs.next()) {
        current = rs.getInt(1);
      }
    }
    for (int version = current + 1; version <= scripts.size(); version++) {
      String script = scripts.get(version - 1);
      connection.setAutoCommit(false);
      try {
        for (String sql : statements(read(script))) {
          try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
          }
        }
        try (PreparedStatement record =
            connection.prepareStatement(
                "insert into schema_version (version, script, applied_at) values (?, ?, ?)")) {
          record.setInt(1, version);
          record.setString(2, script);
          record.setTimestamp(3, Timestamp.from(Instant.now()));
          record.executeUpdate();
        }
        connection.commit();
        LOG.info("Applied schema migration " + script);
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
    return scripts.size();
  }

  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        statements.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private static String read(String script) {
    String path = "/db/migration/" + script + ".sql";
    try (InputStream in = LegacyMigrationRunner.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing migration " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read migration " + path, e);
    }
  }
}
