package dev.feedline.notifications.control;

import dev.feedline.feeds.entity.Feed;
import dev.feedline.markers.control.MarkerStore;
import dev.feedline.markers.entity.Marker;
import dev.feedline.notifications.entity.NotificationPage;
import dev.feedline.posts.control.PostChange;
import dev.feedline.posts.control.PostStore;
import dev.feedline.store.control.Database;
import dev.feedline.store.control.Migrations;
import dev.feedline.store.control.TestDatabases;
import dev.feedline.store.control.TestDatabases.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
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
 * Notifications on PostgreSQL, through the stores as the REST resources call them: posting with 20
 * mentions (the post, 20 notification rows and 21 events in one transaction), listing a page of 40,
 * and counting the unread ones of a person with {@code history} notifications, 40 behind the newest
 * and from position 0 (capped at the default 1,000). Every call runs on one open connection, as
 * from the server's pool.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@State(Scope.Benchmark)
public class NotificationsBenchmark {
  static final int POSTS = 10_000;
  static final int CAP = 1_000;
  static final String READER = "reader";
  static final String FROM_ZERO = "reader0";

  /** The reader's notifications: the counts must not grow with them. */
  @Param({"10000", "100000"})
  public int history;

  private TestDatabase testDatabase;
  private Connection connection;
  private PostStore posts;
  private NotificationStore notifications;
  private MarkerStore markers;
  private List<String> twenty;

  @Setup(Level.Trial)
  public void fill() throws SQLException {
    testDatabase = TestDatabases.postgres();
    Migrations.migrate(testDatabase.dataSource());
    connection = testDatabase.dataSource().getConnection();
    try (Statement s = connection.createStatement()) {
      // The reader's posts, each liked by fans in turn; notification i is event i.
      s.executeUpdate(
          "insert into posts (id, author, text, tags, explicit_tags, created_at, likes,"
              + " created_event) select i, '"
              + READER
              + "', 'a benchmark post', '', '', now(), 0, 0 from generate_series(1, "
              + POSTS
              + ") i");
      // Two readers with the same history: one read up to 40 behind the newest, one from 0.
      for (String reader : List.of(READER, FROM_ZERO)) {
        s.executeUpdate(
            "insert into notifications"
                + " (recipient, type, actor, post_id, created_event, created_at) select '"
                + reader
                + "', 'like', 'fan' || i, 1 + i % "
                + POSTS
                + ", i, now() from generate_series(1, "
                + history
                + ") i");
      }
      s.executeUpdate("update event_counter set last_id = " + history);
      s.executeUpdate("alter table posts alter column id restart with " + (POSTS + 1));
      s.execute("analyze");
    }
    Database database = new Database(oneConnection(connection));
    posts = new PostStore(database);
    notifications = new NotificationStore(database);
    markers = new MarkerStore(database, CAP);
    twenty = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      twenty.add("friend" + i);
    }
    Marker near = markers.move(READER, Feed.NOTIFICATIONS, history - 40).marker();
    Marker far = markers.move(FROM_ZERO, Feed.NOTIFICATIONS, 0).marker();
    if (near.unread() != 40 || far.unread() != CAP || !far.unreadCapped()) {
      throw new IllegalStateException("miscounted: " + near + " " + far);
    }
    if (list40().notifications().size() != 40) {
      throw new IllegalStateException("a short page");
    }
  }

  @TearDown(Level.Trial)
  public void drop() throws SQLException {
    connection.close();
    testDatabase.close();
  }

  /** A post that mentions 20 people: 20 notifications, each with its event, in its transaction. */
  @Benchmark
  public PostChange postWith20Mentions() {
    return posts.create("poster", "hello, twenty friends", List.of(), List.of(), twenty, null);
  }

  /** The newest 40 of the reader's notifications with their posts, as GET /notifications reads. */
  @Benchmark
  public NotificationPage list40() {
    return notifications.page(READER, null, 40, Set.of());
  }

  /** The unread count 40 notifications behind the newest, as GET /markers reads it. */
  @Benchmark
  public Marker unread40Behind() {
    return markers.read(READER, List.of(Feed.NOTIFICATIONS)).get("notifications");
  }

  /** The unread count from position 0: capped at 1,000 however long the history. */
  @Benchmark
  public Marker unreadFromZero() {
    return markers.read(FROM_ZERO, List.of(Feed.NOTIFICATIONS)).get("notifications");
  }

  /** The one connection, handed out again and again: closing it is the pool taking it back. */
  private static DataSource oneConnection(Connection connection) {
    Connection kept =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("close")) {
                    return null;
                  }
                  try {
                    return method.invoke(connection, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return new DataSource() {
      @Override
      public Connection getConnection() {
        return kept;
      }

      @Override
      public Connection getConnection(String user, String password) {
        return kept;
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() {
        return Logger.getGlobal();
      }

      @Override
      public <T> T unwrap(Class<T> type) {
        throw new UnsupportedOperationException();
      }

      @Override
      public boolean isWrapperFor(Class<?> type) {
        return false;
      }
    };
  }
}
