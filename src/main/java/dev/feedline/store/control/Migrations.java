package dev.feedline.store.control;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date with Flyway from the versioned scripts under db/migration, and
 * adopts a database made by the runner Feedline used before Flyway without running its scripts
 * again.
 *
 * <p>That runner recorded each applied script as a row of {@code schema_version} (version, script,
 * applied_at). A database that has this table but no Flyway history is baselined at its highest
 * recorded version, so Flyway applies only the scripts after it. The old table is left in place: a
 * node of the previous release that starts against the database still finds its record and applies
 * nothing.
 *
 * <p>In a WAR on Liberty, Flyway finds a class path folder only through a file named {@code
 * flyway.location} in it (on IBM class loaders it asks for that file, not the folder): db/migration
 * and db/callback, which Flyway always searches, each hold one.
 */
public final class Migrations {
  private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

  /** Where the shipped scripts are, on the class path of the application. */
  static final String LOCATION = "classpath:db/migration";

  /** The table in which the runner before Flyway recorded the versions it applied. */
  static final String LEGACY_TABLE = "schema_version";

  // The runner before Flyway held this advisory lock while it migrated; so does this one.
  private static final long LOCK_KEY = 0x4665_6564_6c69_6e65L; // "Feedline"

  private Migrations() {}

  /** Brings the schema up to date and answers the version it is at. */
  public static String migrate(DataSource dataSource) {
    return migrate(dataSource, LOCATION);
  }

  /** Brings the schema up to date from the scripts at {@code locations} (Flyway locations). */
  static String migrate(DataSource dataSource, String... locations) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      boolean postgres = connection.getMetaData().getDatabaseProductName().contains("PostgreSQL");
      // Flyway locks its history table while it migrates; this lock also covers the adoption of an
      // old database (read the old version, then baseline) and keeps out a node of the previous
      // release starting at the same moment, which takes only this lock.
      if (postgres) {
        execute(connection, "select pg_advisory_lock(" + LOCK_KEY + ")");
      }
      try {
        return migrate(dataSource, connection, locations);
      } finally {
        if (postgres) {
          execute(connection, "select pg_advisory_unlock(" + LOCK_KEY + ")");
        }
      }
    } catch (SQLException e) {
      throw Database.translate(e);
    }
  }

  private static String migrate(DataSource dataSource, Connection connection, String[] locations)
      throws SQLException {
    FluentConfiguration configuration =
        Flyway.configure(Migrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(locations)
            .failOnMissingLocations(true)
            .validateMigrationNaming(true)
            .cleanDisabled(true);
    int legacyVersion = legacyVersion(connection);
    if (legacyVersion > 0) {
      // Applies only while the database has no Flyway history yet: the first start after the
      // upgrade records the old version as Flyway's baseline, later starts ignore this.
      configuration
          .baselineOnMigrate(true)
          .baselineVersion(Integer.toString(legacyVersion))
          .baselineDescription("adopted from " + LEGACY_TABLE);
    }
    Flyway flyway = configuration.load();
    try {
      MigrationInfoService before = flyway.info();
      // A WAR whose scripts the class loader could not list would otherwise start on no schema.
      if (before.all().length == 0) {
        throw new IllegalStateException(
            "No schema migrations found at " + String.join(", ", locations));
      }
      if (legacyVersion > 0 && before.applied().length == 0) {
        LOG.info(
            "Adopting the schema made before Flyway, at version "
                + legacyVersion
                + " (recorded in "
                + LEGACY_TABLE
                + ")");
      }
      MigrateResult result = flyway.migrate();
      // The version reached, or where nothing was to apply, the version the schema was at.
      String version =
          result.targetSchemaVersion != null
              ? result.targetSchemaVersion
              : result.initialSchemaVersion;
      LOG.info(
          "Schema at version "
              + version
              + ", "
              + result.migrationsExecuted
              + " migrations applied");
      return version;
    } catch (FlywayException e) {
      throw translate(e);
    }
  }

  /**
   * The highest version the runner before Flyway recorded, or 0 where it never ran here. It made
   * {@code schema_version} in the connection's current schema, as Flyway makes its own history.
   */
  private static int legacyVersion(Connection connection) throws SQLException {
    if (!tableExists(connection, LEGACY_TABLE)) {
      return 0;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select max(version) from " + LEGACY_TABLE)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static boolean tableExists(Connection connection, String name) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    // Unquoted names: H2 keeps them in upper case, PostgreSQL in lower case.
    String stored =
        meta.storesUpperCaseIdentifiers()
            ? name.toUpperCase(Locale.ROOT)
            : name.toLowerCase(Locale.ROOT);
    String escape = meta.getSearchStringEscape();
    String pattern = stored.replace("_", escape + "_");
    try (ResultSet tables =
        meta.getTables(connection.getCatalog(), connection.getSchema(), pattern, null)) {
      while (tables.next()) {
        if (stored.equals(tables.getString("TABLE_NAME"))) {
          return true;
        }
      }
      return false;
    }
  }

  /** A store that cannot be reached stays a 503 at start, as any other failure is a bug. */
  private static RuntimeException translate(FlywayException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && Database.translate(sql) instanceof StoreUnavailableException unavailable) {
        return unavailable;
      }
    }
    return new IllegalStateException("Schema migration failed: " + e.getMessage(), e);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
