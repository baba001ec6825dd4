package dev.feedline.store.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.control.HistoryPruning;
import dev.feedline.feeds.control.FeedQuery;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.feeds.entity.FeedPage;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.markers.control.MarkerStore;
import dev.feedline.posts.control.LikeStore;
import dev.feedline.posts.control.PostRules;
import dev.feedline.posts.control.PostStore;
import dev.feedline.store.control.StatementRecorder.Run;
import dev.feedline.store.control.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every statement the store runs on a hot path (posting, editing, deleting, liking, following, feed
 * pages with what their reader likes, read markers and unread counts, replay, pruning) is planned
 * by PostgreSQL, on a data set large enough that a table scan costs more than an index, without a
 * sequential scan of a table that grows with the service. The statements are recorded as the store
 * classes run them, with their parameters, and each is explained with those parameters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotPathScanTest {
  private static final Set<String> GROWING =
      Set.of("posts", "post_tags", "events", "follows", "likes", "markers");
  private static final Pattern SEQ_SCAN = Pattern.compile("Seq Scan on (\\w+)");
  private static final int POSTS = 100_000;

  private TestDatabase db;
  private final StatementRecorder recorder = new StatementRecorder();
  private Database database;

  @BeforeAll
  void seed() throws SQLException {
    db = TestDatabases.postgres();
    Migrations.migrate(db.dataSource());
    execute(
        db.dataSource(),
        "insert into posts (id, author, text, tags, explicit_tags, created_at, likes,"
            + " created_event) select i, case when i <= 6 then 'quiet' || ((i - 1) / 2 + 1)"
            + " when i % 10 = 0 then 'hot' || ((i / 10) % 10 + 1)"
            + " else 'u' || (1 + abs(hashint8(i)) % 5000) end, 'post ' || i,"
            + " case when i % 2 = 0 then 't' || ((i / 2) % 100) else '' end, '',"
            + " now(), 0, i from generate_series(1::bigint, "
            + POSTS
            + ") i",
        "insert into post_tags (post_id, tag, created_event)"
            + " select i, 't' || ((i / 2) % 100), i from generate_series(2::bigint, "
            + POSTS
            + ", 2) i",
        "select setval(pg_get_serial_sequence('posts', 'id'), " + POSTS + ")",
        "update event_counter set last_id = " + POSTS + " where id = 1",
        "insert into events (id, type, post_id, actor, tags, data, created_at)"
            + " select id, 'post.created', id, author, tags, '{}', created_at from posts"
            + " where id > "
            + POSTS / 2,
        "insert into follows (follower, followee, created_at) select 'r' || k,"
            + " 'u' || (1 + (k * 97 + j * 83) % 5000), now()"
            + " from generate_series(1, 2000) k, generate_series(0, 49) j",
        "insert into follows (follower, followee, created_at)"
            + " select 'quiet', 'quiet' || j, now() from generate_series(1, 3) j"
            + " union all select 'many', 'u' || (1 + j * 2), now() from generate_series(0, 1999) j"
            + " union all select 'fhot', 'hot' || j, now() from generate_series(1, 10) j",
        "insert into likes (post_id, user_id)"
            + " select i, 'l' || (i % 100) from generate_series(1::bigint, 50000) i",
        "insert into markers (user_id, feed, position, updated_at) select 'r' || k, f, 1, now()"
            + " from generate_series(1, 2000) k, unnest(array['home', 'public', 'tag:t1',"
            + " 'user:u1', 'tag:t2', 'tag:t3', 'tag:t4', 'tag:t5', 'user:u2', 'user:u3']) f",
        "analyze");
    database = new Database(recorder.wrap(db.dataSource()));
  }

  @AfterAll
  void drop() throws SQLException {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void noHotPathStatementScansAGrowingTable() throws SQLException {
    PostStore posts = new PostStore(database);
    LikeStore likes = new LikeStore(database);
    FollowStore follows = new FollowStore(database);
    FeedQuery feeds = new FeedQuery(database, 2000);
    MarkerStore markers = new MarkerStore(database, 1000);
    PostRules rules = new PostRules(500, 10, 20);
    recorder.clear();

    long tagged =
        Long.parseLong(posts.create("u7", "a #t1 post", List.of(), List.of("t1")).post().id());
    long plain = Long.parseLong(posts.create("u8", "no tags", List.of(), List.of()).post().id());
    posts.find(tagged);
    posts.find(tagged, "l1");
    posts.edit(tagged, "u7", "now about #t2", rules);
    likes.like(tagged, "l1");
    likes.like(tagged, "l1");
    likes.unlike(tagged, "l1");
    likes.like(40_000, "someone");
    posts.delete(plain, "u8", false);
    posts.delete(30_000, "admin", true);
    follows.follow("nobody2", "u9");
    follows.follow("r1", "u1");
    follows.unfollow("nobody2", "u9");
    follows.following("r1");
    follows.followers("u1");
    for (String owner : List.of("nobody", "quiet", "r5", "many", "fhot")) {
      FeedPage first = feeds.page(Feed.HOME, owner, null, 20);
      if (first.next() != null) {
        feeds.page(Feed.HOME, owner, Long.parseLong(first.next()), 20);
      }
      feeds.page(Feed.HOME, owner, 50_000L, 20);
    }
    for (String feed : List.of("public", "user:u1", "user:hot1", "tag:t1", "tag:t99")) {
      FeedPage first = feeds.page(Feed.parse(feed), null, null, 10);
      feeds.page(Feed.parse(feed), null, Long.parseLong(first.next()), 10);
      feeds.page(Feed.parse(feed), null, 10_000L, 20);
      // A reader with a token: which posts of the page they like ("l1" likes 500 posts).
      feeds.page(Feed.parse(feed), "l1", 10_000L, 100);
    }
    for (String feed : List.of("home", "public", "tag:t1", "user:hot1")) {
      markers.move("r9", Feed.parse(feed), POSTS - 2000);
      markers.move("fhot", Feed.parse(feed), POSTS - 500);
      markers.move("nobody", Feed.parse(feed), 0);
    }
    markers.read("r9", List.of());
    markers.read("r10", List.of(Feed.HOME));
    database.inTransaction(
        c -> {
          EventLog.firstRetainedId(c);
          EventLog.readAfter(c, POSTS - 100, 100);
          EventLog.followChangesAfter(c, "r1", POSTS / 2);
          return null;
        });
    new HistoryPruning(database, POSTS, 1_000).run();

    List<Run> runs = recorder.runs();
    Map<String, String> scans = new LinkedHashMap<>();
    try (Connection c = db.dataSource().getConnection()) {
      for (Run run : runs) {
        String plan = explain(c, run);
        Matcher scan = SEQ_SCAN.matcher(plan);
        while (scan.find()) {
          if (GROWING.contains(scan.group(1))) {
            scans.putIfAbsent(run.sql(), plan);
          }
        }
      }
    }
    assertTrue(
        runs.stream().map(Run::sql).distinct().count() >= 25,
        "the store's statements were recorded: " + runs.size());
    assertTrue(
        runs.stream().anyMatch(run -> run.sql().startsWith("select post_id from likes")),
        "the pages looked up what their reader likes");
    assertEquals(Map.of(), scans, "statements that scan a table");
  }

  private static String explain(Connection c, Run run) throws SQLException {
    List<String> lines = new ArrayList<>();
    // An append that commits sends its commit in the same string; the plan is the statement's.
    String sql = run.sql().replaceFirst(";\\s*commit$", "");
    try (PreparedStatement explain = c.prepareStatement("explain " + sql)) {
      for (Map.Entry<Integer, Object> parameter : run.parameters().entrySet()) {
        if (parameter.getValue() instanceof StatementRecorder.SqlNull sqlNull) {
          explain.setNull(parameter.getKey(), sqlNull.type());
        } else {
          explain.setObject(parameter.getKey(), parameter.getValue());
        }
      }
      try (ResultSet rs = explain.executeQuery()) {
        while (rs.next()) {
          lines.add(rs.getString(1));
        }
      }
    }
    return String.join("\n", lines);
  }

  private static void execute(DataSource dataSource, String... statements) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
