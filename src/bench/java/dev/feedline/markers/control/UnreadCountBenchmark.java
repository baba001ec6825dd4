package dev.feedline.markers.control;

import dev.feedline.feeds.entity.Feed;
import dev.feedline.markers.entity.Marker;
import dev.feedline.store.control.Database;
import dev.feedline.store.control.Migrations;
import dev.feedline.store.control.TestDatabases;
import dev.feedline.store.control.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading one {@code home} marker with its unread count on PostgreSQL: 100,000 posts by 2,000
 * authors, a reader following 500 of them (a quarter of the posts are in the home), the marker
 * {@code behind} events behind the newest, the default cap of 1,000. The count runs on one open
 * connection, as it does from the server's pool: opening a connection per call would be most of the
 * time and not the count's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@State(Scope.Benchmark)
public class UnreadCountBenchmark {
  static final int POSTS = 100_000;
  static final int AUTHORS = 2_000;
  static final int FOLLOWS = 500;
  static final int CAP = 1_000;
  static final String READER = "reader";

  /** Events between the marker and the newest: about 10, 500 and (capped) 25,000 unread posts. */
  @Param({"40", "2000", "100000"})
  public int behind;

  private TestDatabase testDatabase;
  private Connection connection;
  private long position;

  @Setup(Level.Trial)
  public void fill() throws SQLException {
    testDatabase = TestDatabases.postgres();
    Migrations.migrate(testDatabase.dataSource());
    try (Connection c = testDatabase.dataSource().getConnection()) {
      c.setAutoCommit(false);
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      try (PreparedStatement insert =
          c.prepareStatement(
              "insert into posts (id, author, text, tags, explicit_tags, created_at, likes,"
                  + " created_event) values (?, ?, 'a benchmark post', '', '', ?, 0, ?)")) {
        // Post i is event i; every fourth is by one of the 500 followed authors, in turn.
        for (int i = 1; i <= POSTS; i++) {
          int author = i % 4 == 0 ? (i / 4) % FOLLOWS : FOLLOWS + i % (AUTHORS - FOLLOWS);
          insert.setLong(1, i);
          insert.setString(2, "author" + author);
          insert.setObject(3, now);
          insert.setLong(4, i);
          insert.addBatch();
          if (i % 5_000 == 0) {
            insert.executeBatch();
          }
        }
      }
      try (PreparedStatement follow =
          c.prepareStatement(
              "insert into follows (follower, followee, created_at) values (?, ?, ?)")) {
        for (int a = 0; a < FOLLOWS; a++) {
          follow.setString(1, READER);
          follow.setString(2, "author" + a);
          follow.setObject(3, now);
          follow.addBatch();
        }
        follow.executeBatch();
      }
      try (Statement statement = c.createStatement()) {
        statement.executeUpdate("update event_counter set last_id = " + POSTS);
        statement.executeUpdate(
            "insert into markers (user_id, feed, position, updated_at) values ('"
                + READER
                + "', 'home', "
                + (POSTS - behind)
                + ", now())");
      }
      c.commit();
      try (Statement statement = c.createStatement()) {
        c.setAutoCommit(true);
        statement.execute("analyze");
      }
    }
    position = POSTS - behind;
    // The whole read path once, checked: the marker as GET /markers answers it.
    Marker marker =
        new MarkerStore(new Database(testDatabase.dataSource()), CAP)
            .read(READER, List.of(Feed.HOME))
            .get("home");
    if (marker.unread() != Math.min(CAP, behind / 4) || marker.unreadCapped() != behind / 4 > CAP) {
      throw new IllegalStateException("miscounted: " + marker);
    }
    connection = testDatabase.dataSource().getConnection();
  }

  @TearDown(Level.Trial)
  public void drop() throws SQLException {
    connection.close();
    testDatabase.close();
  }

  /** The unread count of the home marker: one statement, as GET and PUT /markers run it. */
  @Benchmark
  public UnreadCount.Unread countHomeUnread() throws SQLException {
    return UnreadCount.count(connection, Feed.HOME, READER, position, CAP);
  }
}
