package dev.feedline.store.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.follows.control.FollowStore;
import dev.feedline.posts.control.LikeStore;
import dev.feedline.posts.control.PostStore;
import dev.feedline.posts.entity.Post;
import dev.feedline.store.control.TestDatabases.Kind;
import dev.feedline.store.control.TestDatabases.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationsTest {
  private static final String VERSION = "5";
  private static final List<String> SCRIPTS =
      List.of(
          "V1__schema", "V2__read_markers", "V3__scale_indexes", "V4__notifications", "V5__push");
  private static final String HISTORY = "\"flyway_schema_history\"";

  @ParameterizedTest
  @EnumSource(Kind.class)
  void migrateCreatesTheSchemaOnAnEmptyDatabaseFromVersionOne(Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.open(kind)) {
      assertEquals(VERSION, Migrations.migrate(db.dataSource()));

      assertEquals(List.of("1 SQL", "2 SQL", "3 SQL", "4 SQL", "5 SQL"), history(db.dataSource()));
      assertEquals(
          0, count(db.dataSource(), "select count(*) from " + HISTORY + " where not \"success\""));
      assertEquals(0, count(db.dataSource(), "select last_id from event_counter where id = 1"));
      for (String table : List.of("posts", "post_tags", "likes", "follows", "events", "markers")) {
        assertEquals(0, count(db.dataSource(), "select count(*) from " + table), table);
      }
      assertFalse(
          hasTable(db.dataSource(), "schema_version"), "a fresh database has no old record");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void migratingAgainAppliesNothingAndKeepsTheData(Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.open(kind)) {
      Migrations.migrate(db.dataSource());
      new FollowStore(new Database(db.dataSource())).follow("alice", "bob");

      assertEquals(VERSION, Migrations.migrate(db.dataSource()));

      assertEquals(List.of("1 SQL", "2 SQL", "3 SQL", "4 SQL", "5 SQL"), history(db.dataSource()));
      assertEquals(1, count(db.dataSource(), "select count(*) from follows"));
      // The follow's event and bob's notification of it.
      assertEquals(2, count(db.dataSource(), "select last_id from event_counter where id = 1"));
    }
  }

  /**
   * A database the runner before Flyway made and used: Flyway adopts it at the version it recorded,
   * runs none of its scripts again, and its data stays and stays usable.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void databaseOfThePreviousRunnerIsAdoptedWithItsDataAndTheCurrentSchema(Kind kind)
      throws Exception {
    try (TestDatabase old = TestDatabases.open(kind);
        TestDatabase fresh = TestDatabases.open(kind)) {
      assertEquals(2, LegacyMigrationRunner.migrate(old.dataSource()));
      Database database = new Database(old.dataSource());
      long postId = PreviousRelease.post(old.dataSource(), "bob", "kept #java", "java");
      PreviousRelease.follow(old.dataSource(), "alice", "bob");
      long lastEvent = count(old.dataSource(), "select last_id from event_counter where id = 1");

      assertEquals(VERSION, Migrations.migrate(old.dataSource()));

      assertEquals(
          List.of(
              "2 BASELINE adopted from schema_version",
              "3 SQL scale indexes",
              "4 SQL notifications",
              "5 SQL push"),
          strings(
              old.dataSource(),
              "select \"version\", \"type\", \"description\" from "
                  + HISTORY
                  + " where \"version\" is not null"));
      assertEquals("kept #java", new PostStore(database).find(postId).orElseThrow().text());
      assertEquals(List.of("bob"), new FollowStore(database).following("alice"));
      assertEquals(
          lastEvent, count(old.dataSource(), "select last_id from event_counter where id = 1"));
      assertEquals(1, count(old.dataSource(), "select count(*) from event_counter"));
      assertEquals(
          2,
          count(old.dataSource(), "select max(version) from schema_version"),
          "left for the old release");
      Migrations.migrate(fresh.dataSource());
      assertEquals(shape(fresh.dataSource()), shape(old.dataSource()));

      assertEquals(VERSION, Migrations.migrate(old.dataSource()), "a second start changes nothing");
      assertEquals(List.of("2 BASELINE", "3 SQL", "4 SQL", "5 SQL"), history(old.dataSource()));

      // The old post is no reply and mentions nobody; it can be liked and replied to as any post.
      Post kept = new PostStore(database).find(postId).orElseThrow();
      assertEquals(null, kept.inReplyTo());
      assertEquals(List.of(), kept.mentions());
      new LikeStore(database).like(postId, "carol");
      new PostStore(database).create("dan", "re", List.of(), List.of(), List.of(), postId);
      assertEquals(
          List.of("like carol", "reply dan"),
          strings(
              old.dataSource(),
              "select type, actor from notifications where recipient = 'bob' order by id"));
      assertEquals(
          0, count(old.dataSource(), "select count(*) from notifications where created_event = 0"));
    }
  }

  /**
   * A database of a release that had only version 1: adopted at 1, then Flyway runs version 2 on
   * it, which notes each existing post's creation event for unread counts.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void databaseOfAnOlderReleaseGetsTheLaterScriptsFromFlyway(Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.open(kind)) {
      assertEquals(1, LegacyMigrationRunner.migrate(db.dataSource(), List.of("V1__schema")));
      // Post 1's creation event was pruned; post 2 was created by event 7 and edited by event 9.
      String post = "insert into posts (id, author, text, tags, explicit_tags, created_at, likes)";
      String event = "insert into events (id, type, post_id, actor, tags, data, created_at)";
      execute(
          db.dataSource(),
          post + " values (1, 'bob', 'old #java', 'java', '', current_timestamp, 0)",
          post + " values (2, 'bob', 'new #java', 'java', '', current_timestamp, 0)",
          "insert into post_tags (post_id, tag) values (1, 'java'), (2, 'java')",
          event + " values (7, 'post.created', 2, 'bob', 'java', '{}', current_timestamp)",
          event + " values (9, 'post.updated', 2, 'bob', 'java', '{}', current_timestamp)");

      assertEquals(VERSION, Migrations.migrate(db.dataSource()));

      assertEquals(
          List.of("1 BASELINE", "2 SQL", "3 SQL", "4 SQL", "5 SQL"), history(db.dataSource()));
      assertEquals(0, count(db.dataSource(), "select created_event from posts where id = 1"));
      assertEquals(7, count(db.dataSource(), "select created_event from posts where id = 2"));
      assertEquals(
          7, count(db.dataSource(), "select max(created_event) from post_tags where tag = 'java'"));
      assertEquals(0, count(db.dataSource(), "select count(*) from markers"));
    }
  }

  /**
   * A database that Flyway brought to version 2 and that holds posts, tags, likes, follows and
   * events: version 3 adds its indexes, keeps every row, and the store works on it as before.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void versionTwoDatabaseWithDataGetsTheScaleIndexesAndKeepsItsData(
      Kind kind, @TempDir Path scripts) throws Exception {
    for (String script : SCRIPTS.subList(0, 2)) {
      Files.writeString(scripts.resolve(script + ".sql"), read("/db/migration/" + script + ".sql"));
    }
    try (TestDatabase db = TestDatabases.open(kind)) {
      assertEquals("2", Migrations.migrate(db.dataSource(), "filesystem:" + scripts));
      // Filled as the release at version 2 stored its data.
      long tagged = PreviousRelease.post(db.dataSource(), "bob", "kept #java", "java");
      long plain = PreviousRelease.post(db.dataSource(), "bob", "kept too #misc", "misc");
      execute(
          db.dataSource(),
          "insert into likes (post_id, user_id) values (" + tagged + ", 'alice')",
          "update posts set likes = 1 where id = " + tagged);
      PreviousRelease.follow(db.dataSource(), "alice", "bob");
      long lastEvent = count(db.dataSource(), "select last_id from event_counter where id = 1");

      assertEquals(VERSION, Migrations.migrate(db.dataSource()));

      assertEquals(List.of("1 SQL", "2 SQL", "3 SQL", "4 SQL", "5 SQL"), history(db.dataSource()));
      Database database = new Database(db.dataSource());
      PostStore posts = new PostStore(database);
      TreeSet<String> shape = shape(db.dataSource());
      assertTrue(shape.contains("post_tags index post_tags_post on post_id"), shape.toString());
      assertTrue(shape.contains("events index events_actor on actor"), shape.toString());
      assertEquals(2, count(db.dataSource(), "select count(*) from posts"));
      assertEquals(2, count(db.dataSource(), "select count(*) from post_tags"));
      assertEquals(1, count(db.dataSource(), "select likes from posts where id = " + tagged));
      assertEquals(
          lastEvent, count(db.dataSource(), "select max(id) from events"), "no event lost");
      posts.edit(
          tagged, "bob", "edited #kotlin", new dev.feedline.posts.control.PostRules(500, 10, 20));
      posts.delete(plain, "bob", false);
      assertEquals(
          List.of("kotlin"),
          strings(db.dataSource(), "select tag from post_tags where post_id = " + tagged));
      assertEquals(1, count(db.dataSource(), "select count(*) from posts"));
    }
  }

  /** Two nodes starting together against one PostgreSQL: one migrates, the others find it done. */
  @Test
  void concurrentStartsOnAnEmptyPostgresApplyEachScriptOnce() throws Exception {
    try (TestDatabase db = TestDatabases.open(Kind.POSTGRESQL)) {
      startTogether(db.dataSource(), 4);

      assertEquals(List.of("1 SQL", "2 SQL", "3 SQL", "4 SQL", "5 SQL"), history(db.dataSource()));
      assertEquals(1, count(db.dataSource(), "select count(*) from event_counter"));
    }
  }

  /** Nodes of the new release starting together on an old database: it is adopted once. */
  @Test
  void concurrentStartsOnAnOldPostgresAdoptItOnce() throws Exception {
    try (TestDatabase db = TestDatabases.open(Kind.POSTGRESQL)) {
      LegacyMigrationRunner.migrate(db.dataSource(), List.of("V1__schema"));

      startTogether(db.dataSource(), 4);

      assertEquals(
          List.of("1 BASELINE", "2 SQL", "3 SQL", "4 SQL", "5 SQL"), history(db.dataSource()));
      assertEquals(1, count(db.dataSource(), "select count(*) from event_counter"));
    }
  }

  /**
   * A PL/pgSQL function whose body ends lines with semicolons inside {@code $$}: Flyway's parser
   * keeps it one statement (the runner before Flyway split it at each line's semicolon).
   */
  @Test
  void dollarQuotedFunctionBodyMigratesOnPostgres() throws Exception {
    try (TestDatabase db = TestDatabases.open(Kind.POSTGRESQL)) {
      String version =
          Migrations.migrate(
              db.dataSource(), Migrations.LOCATION, "classpath:db/test-migration/dollar-quoted");

      assertEquals("1000", version);
      assertEquals(3, count(db.dataSource(), "select feedline_test_word_count('one two three')"));
      assertTrue(
          LegacyMigrationRunner.statements(
                      read("/db/test-migration/dollar-quoted/V1000__word_count_function.sql"))
                  .size()
              > 1,
          "the old splitter would have cut the function apart");
    }
  }

  /** An applied script that was edited afterwards is refused, and nothing else runs. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void changedScriptIsRefusedByChecksumValidation(Kind kind, @TempDir Path scripts)
      throws Exception {
    for (String script : SCRIPTS) {
      Files.writeString(scripts.resolve(script + ".sql"), read("/db/migration/" + script + ".sql"));
    }
    String location = "filesystem:" + scripts;
    try (TestDatabase db = TestDatabases.open(kind)) {
      Migrations.migrate(db.dataSource(), location);
      Path v2 = scripts.resolve("V2__read_markers.sql");
      Files.writeString(v2, Files.readString(v2) + "\ncreate table edited_afterwards (id int);\n");
      Files.writeString(scripts.resolve("V6__later.sql"), "create table later (id int);\n");

      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class, () -> Migrations.migrate(db.dataSource(), location));

      assertTrue(
          refused
              .getMessage()
              .toLowerCase(Locale.ROOT)
              .contains("checksum mismatch for migration version 2"),
          refused.getMessage());
      assertFalse(hasTable(db.dataSource(), "edited_afterwards"));
      assertFalse(hasTable(db.dataSource(), "later"), "no script runs after a failed validation");
    }
  }

  /** Where the scripts cannot be found (a packaging mistake), the node refuses to start. */
  @Test
  void noScriptsAtTheLocationIsRefused(@TempDir Path empty) throws Exception {
    try (TestDatabase db = TestDatabases.open(Kind.H2)) {
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> Migrations.migrate(db.dataSource(), "filesystem:" + empty));

      assertTrue(refused.getMessage().contains("No schema migrations found"), refused.getMessage());
      assertFalse(hasTable(db.dataSource(), "flyway_schema_history"));
    }
  }

  /**
   * A schema that holds tables but neither history is not taken over: it may be someone else's, and
   * adopting it at a guessed version could skip scripts.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void foreignTablesWithoutAnyHistoryAreRefused(Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.open(kind)) {
      execute(db.dataSource(), "create table unrelated (id int)");

      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> Migrations.migrate(db.dataSource()));

      assertTrue(refused.getMessage().contains("non-empty schema"), refused.getMessage());
      assertFalse(hasTable(db.dataSource(), "posts"));
    }
  }

  @Test
  void unreachableStoreAtStartIsReportedAsUnavailable() {
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none");
    nowhere.setConnectTimeout(2);

    assertThrows(StoreUnavailableException.class, () -> Migrations.migrate(nowhere));
  }

  private static void startTogether(DataSource dataSource, int nodes) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<String>> versions = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        Callable<String> start =
            () -> {
              go.await();
              return Migrations.migrate(dataSource);
            };
        versions.add(pool.submit(start));
      }
      go.countDown();
      for (Future<String> version : versions) {
        assertEquals(VERSION, version.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The application's tables, columns and indexes, without either migration history. */
  private static TreeSet<String> shape(DataSource dataSource) throws SQLException {
    TreeSet<String> shape = new TreeSet<>();
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          meta.getTables(
              connection.getCatalog(), connection.getSchema(), "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String table = rs.getString("TABLE_NAME");
          String name = table.toLowerCase(Locale.ROOT);
          if (!name.equals("schema_version") && !name.equals("flyway_schema_history")) {
            tables.add(table);
          }
        }
      }
      for (String table : tables) {
        try (ResultSet rs =
            meta.getColumns(connection.getCatalog(), connection.getSchema(), table, "%")) {
          while (rs.next()) {
            shape.add(
                (table
                        + "."
                        + rs.getString("COLUMN_NAME")
                        + " "
                        + rs.getString("TYPE_NAME")
                        + "("
                        + rs.getInt("COLUMN_SIZE")
                        + ") nullable="
                        + rs.getString("IS_NULLABLE")
                        + " default="
                        + rs.getString("COLUMN_DEF"))
                    .toLowerCase(Locale.ROOT));
          }
        }
        try (ResultSet rs =
            meta.getIndexInfo(
                connection.getCatalog(), connection.getSchema(), table, false, false)) {
          while (rs.next()) {
            String index = rs.getString("INDEX_NAME");
            // Constraint indexes get generated names; only the scripts' own names are comparable.
            if (index != null
                && !index.toLowerCase(Locale.ROOT).contains("_pkey")
                && !index.toUpperCase(Locale.ROOT).startsWith("PRIMARY_KEY")
                && !index.toUpperCase(Locale.ROOT).startsWith("CONSTRAINT_")) {
              shape.add(
                  (table + " index " + index + " on " + rs.getString("COLUMN_NAME"))
                      .toLowerCase(Locale.ROOT));
            }
          }
        }
      }
    }
    assertTrue(shape.size() > 20, "the schema was read: " + shape);
    return shape;
  }

  private static boolean hasTable(DataSource dataSource, String name) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet rs =
            connection
                .getMetaData()
                .getTables(connection.getCatalog(), connection.getSchema(), "%", null)) {
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equalsIgnoreCase(name)) {
          return true;
        }
      }
      return false;
    }
  }

  private static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      for (String sql : statements) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(sql);
        }
      }
    }
  }

  private static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Flyway's history: each versioned row's version and type, in the order applied (without the row
   * that notes the creation of the history table, which Flyway writes on H2).
   */
  private static List<String> history(DataSource dataSource) throws SQLException {
    return strings(
        dataSource,
        "select \"version\", \"type\" from "
            + HISTORY
            + " where \"version\" is not null order by \"installed_rank\"");
  }

  /** Each row of {@code sql}'s answer as its columns joined by a space. */
  private static List<String> strings(DataSource dataSource, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        values.add(String.join(" ", row));
      }
    }
    return values;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = MigrationsTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
