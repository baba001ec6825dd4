package dev.feedline.store.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.EventType;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.posts.control.PostStore;
import dev.feedline.store.control.TestDatabases.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class DatabaseTest {

  @Test
  void unreachableStoreIsUnavailableNotABug() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none");
    nowhere.setConnectTimeout(2);
    Database database = new Database(nowhere);

    assertThrows(StoreUnavailableException.class, () -> database.inTransaction(c -> 1));
    assertFalse(database.reachable());
  }

  @Test
  void connectionFailuresAreTranslatedToUnavailable() {
    assertInstanceOf(
        StoreUnavailableException.class,
        Database.translate(new SQLTransientConnectionException("gone")));
    assertInstanceOf(
        StoreUnavailableException.class,
        Database.translate(new SQLException("terminating connection", "57P01")));
    assertInstanceOf(
        StoreUnavailableException.class,
        Database.translate(new SQLException("connection failure", "08006")));
  }

  @Test
  void failedStatementIsABugNotUnavailable() {
    RuntimeException e = Database.translate(new SQLException("syntax error", "42601"));

    assertInstanceOf(IllegalStateException.class, e);
    assertFalse(Database.isUniqueViolation(e));
    assertTrue(Database.isUniqueViolation(Database.translate(new SQLException("dup", "23505"))));
  }

  @Test
  void reachableH2AnswersTrue() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:");
    assertTrue(new Database(h2).reachable());
  }

  @Nested
  class OnH2 extends Cases {
    OnH2() {
      super(Kind.H2);
    }
  }

  @Nested
  class OnPostgreSQL extends Cases {
    OnPostgreSQL() {
      super(Kind.POSTGRESQL);
    }
  }

  abstract static class Cases extends StoreTestCase {
    Cases(Kind kind) {
      super(kind);
    }

    private static long posts(Connection c, String author) throws SQLException {
      try (PreparedStatement count =
          c.prepareStatement("select count(*) from posts where author = ?")) {
        count.setString(1, author);
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    @Test
    void workThatThrowsIsRolledBack() {
      String alice = user("alice");
      long before = lastEventId();
      IllegalStateException failure = new IllegalStateException("changed my mind");

      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () ->
                  database.inTransaction(
                      c -> {
                        try (PreparedStatement insert =
                            c.prepareStatement(
                                "insert into follows (follower, followee, created_at)"
                                    + " values (?, ?, current_timestamp)")) {
                          insert.setString(1, alice);
                          insert.setString(2, "bob");
                          insert.executeUpdate();
                        }
                        EventLog.append(
                            c, EventType.FOLLOW_CREATED, null, alice, "bob", List.of(), "{}");
                        throw failure;
                      }));

      assertSame(failure, thrown);
      assertEquals(before, lastEventId());
      assertEquals(List.of(), eventsAfter(before));
      assertEquals(List.of(), new FollowStore(database).following(alice));
    }

    @Test
    void failedStatementSurfacesAsIllegalStateAndRollsBack() {
      long before = lastEventId();

      assertThrows(
          IllegalStateException.class,
          () ->
              database.inTransaction(
                  c -> {
                    try (PreparedStatement bad = c.prepareStatement("select * from no_such")) {
                      return bad.executeQuery();
                    }
                  }));

      assertEquals(before, lastEventId());
    }

    /**
     * A feed page reads the position and then the posts; both must come from one snapshot, or a
     * post committed in between appears on the page and again after the position.
     */
    @Test
    void snapshotDoesNotSeeACommitLandingBetweenItsReads() {
      PostStore store = new PostStore(database);
      String alice = user("alice");
      store.create(alice, "before the snapshot", List.of(), List.of());

      long[] seen =
          database.inSnapshot(
              c -> {
                long position = EventLog.lastId(c);
                CompletableFuture.runAsync(
                        () -> store.create(alice, "during the snapshot", List.of(), List.of()))
                    .orTimeout(30, TimeUnit.SECONDS)
                    .join();
                return new long[] {position, EventLog.lastId(c), posts(c, alice)};
              });

      assertEquals(seen[0], seen[1], "the position moved inside one snapshot");
      assertEquals(1, seen[2], "a post committed after the position was read is on the page");
      assertEquals(seen[0] + 1, lastEventId());
    }
  }
}
