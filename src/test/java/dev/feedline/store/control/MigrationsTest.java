package dev.feedline.store.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.follows.control.FollowStore;
import dev.feedline.store.control.TestDatabases.Kind;
import dev.feedline.store.control.TestDatabases.TestDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationsTest {
  private static final int VERSION = 2;

  @Test
  void statementsAreSplitAtLineEndingSemicolonsWithoutThem() {
    assertEquals(
        List.of("create table a (id int)", "insert into a values (1)"),
        Migrations.statements("create table a (id int);\ninsert into a values (1);\n"));
  }

  @Test
  void statementOverSeveralLinesStaysOneStatement() {
    String script = "create table a (\n  id int,\n  name varchar(10)\n);\n";

    assertEquals(
        List.of("create table a (\n  id int,\n  name varchar(10)\n)"),
        Migrations.statements(script));
  }

  @Test
  void commentLinesAndBlankLinesAreDropped() {
    String script =
        "-- the header\n\ncreate table a (id int);\n  -- indented comment\n\n"
            + "create table b (\n-- inside\n  id int\n);\n";

    assertEquals(
        List.of("create table a (id int)", "create table b (\n  id int\n)"),
        Migrations.statements(script));
  }

  @Test
  void lastStatementWithoutSemicolonIsKept() {
    assertEquals(
        List.of("create table a (id int)", "create table b (id int)"),
        Migrations.statements("create table a (id int);\ncreate table b (id int)\n"));
  }

  @Test
  void windowsLineEndingsSplitTheSame() {
    assertEquals(
        List.of("create table a (id int)", "insert into a values (1)"),
        Migrations.statements("create table a (id int);\r\ninsert into a values (1);\r\n"));
  }

  @Test
  void emptyOrCommentOnlyScriptHasNoStatements() {
    assertEquals(List.of(), Migrations.statements(""));
    assertEquals(List.of(), Migrations.statements("-- nothing yet\n\n   \n"));
  }

  @Test
  void shippedSchemaSplitsIntoItsStatements() throws Exception {
    String script;
    try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/V1__schema.sql")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    List<String> statements = Migrations.statements(script);

    List<String> starts =
        List.of(
            "create table posts (",
            "create index posts_author ",
            "create table post_tags (",
            "create table likes (",
            "create table follows (",
            "create index follows_followee ",
            "create table event_counter (",
            "insert into event_counter ",
            "create table events (");
    assertEquals(starts.size(), statements.size(), String.join("\n---\n", statements));
    for (int i = 0; i < starts.size(); i++) {
      String sql = statements.get(i);
      assertTrue(sql.startsWith(starts.get(i)), sql);
      assertFalse(sql.endsWith(";") || sql.contains("--"), sql);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void migrateCreatesTheSchemaOnAnEmptyDatabase(Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.open(kind)) {
      assertEquals(VERSION, Migrations.migrate(db.dataSource()));

      assertEquals(VERSION, count(db.dataSource(), "select count(*) from schema_version"));
      assertEquals(0, count(db.dataSource(), "select last_id from event_counter where id = 1"));
      for (String table : List.of("posts", "post_tags", "likes", "follows", "events")) {
        assertEquals(0, count(db.dataSource(), "select count(*) from " + table), table);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void migratingAgainAppliesNothingAndKeepsTheData(Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.open(kind)) {
      Migrations.migrate(db.dataSource());
      new FollowStore(new Database(db.dataSource())).follow("alice", "bob");

      assertEquals(VERSION, Migrations.migrate(db.dataSource()));

      assertEquals(VERSION, count(db.dataSource(), "select count(*) from schema_version"));
      assertEquals(1, count(db.dataSource(), "select count(*) from follows"));
      assertEquals(1, count(db.dataSource(), "select last_id from event_counter where id = 1"));
    }
  }

  /** Two nodes starting together against one PostgreSQL: the advisory lock lets one migrate. */
  @Test
  void concurrentMigrationsOnPostgresApplyTheScriptOnce() throws Exception {
    try (TestDatabase db = TestDatabases.open(Kind.POSTGRESQL)) {
      int nodes = 4;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(nodes);
      try {
        List<Future<Integer>> versions = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
          Callable<Integer> start =
              () -> {
                go.await();
                return Migrations.migrate(db.dataSource());
              };
          versions.add(pool.submit(start));
        }
        go.countDown();
        for (Future<Integer> version : versions) {
          assertEquals(VERSION, version.get(60, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(VERSION, count(db.dataSource(), "select count(*) from schema_version"));
      assertEquals(1, count(db.dataSource(), "select count(*) from event_counter"));
    }
  }

  /** A database of version 1 with posts gets each post's creation event, for unread counts. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void readMarkersMigrationNotesEachExistingPostsCreationEvent(Kind kind) throws Exception {
    try (TestDatabase db = TestDatabases.open(kind)) {
      String v1;
      try (InputStream in = getClass().getResourceAsStream("/db/migration/V1__schema.sql")) {
        v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      List<String> old = new ArrayList<>(Migrations.statements(v1));
      old.add(
          "create table schema_version (version int primary key, script varchar(200) not null,"
              + " applied_at timestamp not null)");
      old.add("insert into schema_version values (1, 'V1__schema', current_timestamp)");
      // Post 1's creation event was pruned; post 2 was created by event 7 and edited by event 9.
      String post = "insert into posts (id, author, text, tags, explicit_tags, created_at, likes)";
      old.add(post + " values (1, 'bob', 'old #java', 'java', '', current_timestamp, 0)");
      old.add(post + " values (2, 'bob', 'new #java', 'java', '', current_timestamp, 0)");
      old.add("insert into post_tags (post_id, tag) values (1, 'java'), (2, 'java')");
      String event = "insert into events (id, type, post_id, actor, tags, data, created_at)";
      old.add(event + " values (7, 'post.created', 2, 'bob', 'java', '{}', current_timestamp)");
      old.add(event + " values (9, 'post.updated', 2, 'bob', 'java', '{}', current_timestamp)");
      try (Connection connection = db.dataSource().getConnection()) {
        for (String sql : old) {
          try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
          }
        }
      }

      assertEquals(VERSION, Migrations.migrate(db.dataSource()));

      assertEquals(0, count(db.dataSource(), "select created_event from posts where id = 1"));
      assertEquals(7, count(db.dataSource(), "select created_event from posts where id = 2"));
      assertEquals(
          7, count(db.dataSource(), "select max(created_event) from post_tags where tag = 'java'"));
      assertEquals(0, count(db.dataSource(), "select count(*) from markers"));
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
}
