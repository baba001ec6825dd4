package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.store.control.LegacyMigrationRunner;
import dev.feedline.store.control.PreviousRelease;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A node of this release started on a database that the previous release's schema runner made and
 * filled: Flyway, running in the deployed WAR, adopts it without running its scripts again, and
 * what was stored before is served after. Once on the local profile's H2 file, once on PostgreSQL.
 * Runs its own Liberty servers, not the shared one.
 */
@Order(1)
class SchemaUpgradeIT {
  private static final Duration LOG_BOUND = Duration.ofSeconds(30);

  @Test
  void h2FileOfThePreviousReleaseIsAdoptedAndItsPostsServed() throws Exception {
    try (LibertyNode node = LibertyNode.create()) {
      Path data = Files.createDirectories(node.directory().resolve("data"));
      // The local profile's URL and user (server.xml), so the node opens this very file.
      JdbcDataSource file = new JdbcDataSource();
      file.setURL("jdbc:h2:file:" + data.resolve("feedline") + ";LOCK_TIMEOUT=10000");
      file.setUser("feedline");
      file.setPassword("");
      String oldPost = fillAsThePreviousRelease(file);

      node.start(Map.of());
      assertUpgraded(node, oldPost);
      node.stop();

      assertEquals(List.of("2 BASELINE", "3 SQL", "4 SQL", "5 SQL"), history(file));
    }
  }

  @Test
  void postgresSchemaOfThePreviousReleaseIsAdoptedAndItsPostsServed() throws Exception {
    try (PostgresSchema schema = PostgresSchema.createOrSkip();
        LibertyNode node = LibertyNode.create()) {
      PGSimpleDataSource postgres = new PGSimpleDataSource();
      postgres.setUrl(schema.nodeUrl());
      postgres.setUser(schema.user());
      String password = System.getProperty("feedline.it.postgres.password");
      if (password != null) {
        postgres.setPassword(password);
      }
      String oldPost = fillAsThePreviousRelease(postgres);

      node.start(
          Map.of("FEEDLINE_STORE_URL", schema.nodeUrl(), "FEEDLINE_STORE_USER", schema.user()));
      assertUpgraded(node, oldPost);

      assertEquals(List.of("2 BASELINE", "3 SQL", "4 SQL", "5 SQL"), history(postgres));
    }
  }

  /** Makes the schema as the previous release did, and stores a post as it did. */
  private static String fillAsThePreviousRelease(DataSource dataSource) throws SQLException {
    assertEquals(2, LegacyMigrationRunner.migrate(dataSource));
    return Long.toString(
        PreviousRelease.post(dataSource, "olduser", "Written before the #upgrade", "upgrade"));
  }

  private static void assertUpgraded(LibertyNode node, String oldPost) {
    node.awaitLog(
        LOG_BOUND,
        "Adopting the schema made before Flyway, at version 2",
        "Schema at version 5, 3 migrations applied");
    Api api = node.api();
    assertEquals("Written before the #upgrade", api.readPost(oldPost).getString("text"));

    String alice = Api.uniqueUser("alice");
    String newPost = api.createPost(api.token(alice), "Written after the #upgrade").getString("id");

    assertEquals(List.of(newPost, oldPost), ids(api.feed("tag:upgrade", "", null)));
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("posts").getValuesAs(JsonObject.class).stream()
        .map(post -> post.getString("id"))
        .toList();
  }

  /** Flyway's versioned history rows: version and type, in order. */
  private static List<String> history(DataSource dataSource) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select \"version\", \"type\" from \"flyway_schema_history\""
                    + " where \"version\" is not null order by \"installed_rank\"")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    assertTrue(!rows.isEmpty(), "Flyway keeps its history in the node's schema");
    return rows;
  }
}
