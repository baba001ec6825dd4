package dev.feedline.feeds.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.events.entity.Event;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.feeds.entity.FeedPage;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.posts.control.LikeStore;
import dev.feedline.posts.control.PostChange;
import dev.feedline.posts.control.PostRules;
import dev.feedline.posts.control.PostStore;
import dev.feedline.posts.entity.Post;
import dev.feedline.store.control.Database;
import dev.feedline.store.control.StoreTestCase;
import dev.feedline.store.control.TestDatabases.Kind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FeedQueryTest {

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
    // Small, so that home pages here come from the window as well as from the per-author merge.
    private static final int WINDOW = 4;
    private final PostRules rules = new PostRules(500, 10, 20);

    Cases(Kind kind) {
      super(kind);
    }

    private PostStore posts() {
      return new PostStore(database);
    }

    private LikeStore likes() {
      return new LikeStore(database);
    }

    private FollowStore follows() {
      return new FollowStore(database);
    }

    private FeedPage page(String feed, String owner, Long before, int limit) {
      return new FeedQuery(database, WINDOW).page(Feed.parse(feed), owner, before, limit);
    }

    private Post post(String author, String text, String... tags) {
      List<String> explicit = rules.explicitTags(List.of(tags));
      return posts().create(author, text, explicit, rules.allTags(explicit, text)).post();
    }

    private static List<String> ids(FeedPage page) {
      return page.posts().stream().map(Post::id).toList();
    }

    private static List<String> newestFirst(Post... posts) {
      List<String> ids = new ArrayList<>();
      for (Post post : posts) {
        ids.add(post.id());
      }
      Collections.reverse(ids);
      return ids;
    }

    private static long id(Post post) {
      return Long.parseLong(post.id());
    }

    @Test
    void publicFeedShowsEveryonesPostsNewestFirst() {
      Post a = post(user("alice"), "one");
      Post b = post(user("bob"), "two");
      Post c = post(user("carol"), "three");

      FeedPage page = page("public", null, null, 3);

      assertEquals(newestFirst(a, b, c), ids(page));
      assertEquals(c.withLiked(null), page.posts().get(0), "as read without a token");
    }

    @Test
    void userFeedShowsOnlyThatUsersPosts() {
      String alice = user("alice");
      String bob = user("bob");
      Post a1 = post(alice, "a1");
      post(bob, "b1");
      Post a2 = post(alice, "a2");

      assertEquals(newestFirst(a1, a2), ids(page("user:" + alice, null, null, 10)));
    }

    @Test
    void tagFeedShowsPostsCarryingTheTagExplicitlyOrAsHashtag() {
      String tag = user("java");
      String alice = user("alice");
      Post explicit = post(alice, "tagged explicitly", tag.toUpperCase(java.util.Locale.ROOT));
      post(alice, "not tagged");
      Post hashtag = post(user("bob"), "tagged #" + tag.toUpperCase(java.util.Locale.ROOT));

      assertEquals(newestFirst(explicit, hashtag), ids(page("tag:" + tag, null, null, 10)));
    }

    @Test
    void editMovesAPostBetweenHashtagFeeds() {
      String before = user("old");
      String after = user("new");
      String alice = user("alice");
      Post post = post(alice, "about #" + before);

      posts().edit(id(post), alice, "about #" + after, rules);

      assertEquals(List.of(), ids(page("tag:" + before, null, null, 10)));
      assertEquals(List.of(post.id()), ids(page("tag:" + after, null, null, 10)));
    }

    @Test
    void homeShowsOwnAndFolloweesPostsButNotOthers() {
      String alice = user("alice");
      String bob = user("bob");
      String carol = user("carol");
      follows().follow(alice, bob);
      Post own = post(alice, "mine");
      Post followed = post(bob, "from bob");
      post(carol, "from a stranger");
      follows().follow(bob, carol); // bob's follows do not reach alice's home

      assertEquals(newestFirst(own, followed), ids(page("home", alice, null, 10)));
    }

    @Test
    void unfollowTakesTheFolloweesPostsOutOfHome() {
      String alice = user("alice");
      String bob = user("bob");
      follows().follow(alice, bob);
      Post own = post(alice, "mine");
      Post followed = post(bob, "from bob");
      assertEquals(newestFirst(own, followed), ids(page("home", alice, null, 10)));

      follows().unfollow(alice, bob);

      assertEquals(List.of(own.id()), ids(page("home", alice, null, 10)));
    }

    /**
     * Whether a home page comes from the window of newest posts or from each followed author's own
     * newest posts, it is the same page: every window size and page size against the posts made.
     */
    @Test
    void homePagesAreTheSameWhereverTheyAreReadFrom() {
      String alice = user("alice");
      String busy = user("busy");
      String quiet = user("quiet");
      String other = user("other");
      String stranger = user("stranger");
      follows().follow(alice, busy);
      follows().follow(alice, quiet);
      follows().follow(alice, other);
      follows().follow(alice, user("silent"));
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String author =
            i % 10 == 3
                ? quiet
                : i % 5 == 1 ? stranger : i % 7 == 0 ? alice : i % 11 == 5 ? other : busy;
        Post post = post(author, "post " + i);
        if (!author.equals(stranger)) {
          expected.add(0, post.id());
        }
      }
      String deleted = expected.remove(5);
      posts().delete(Long.parseLong(deleted), "admin", true);

      // Who follows at least a quarter of the window reads the window first (1, 5, 16), others
      // only the per-author merge (20, 1000): alice follows four.
      for (int window : new int[] {1, 5, 16, 20, 1000}) {
        for (int limit : new int[] {3, 7, 100}) {
          List<String> seen = new ArrayList<>();
          Long before = null;
          do {
            FeedPage page = new FeedQuery(database, window).page(Feed.HOME, alice, before, limit);
            assertTrue(page.posts().size() <= limit);
            seen.addAll(ids(page));
            before = page.next() == null ? null : Long.parseLong(page.next());
          } while (before != null);
          assertEquals(expected, seen, "window " + window + ", limit " + limit);
        }
      }
    }

    @Test
    void beforePagesThroughTheFeedAndNextIsNullAtTheEnd() {
      String alice = user("alice");
      Post p1 = post(alice, "1");
      Post p2 = post(alice, "2");
      Post p3 = post(alice, "3");
      Post p4 = post(alice, "4");
      Post p5 = post(alice, "5");
      String feed = "user:" + alice;

      FeedPage first = page(feed, null, null, 2);
      assertEquals(newestFirst(p4, p5), ids(first));
      assertEquals(p4.id(), first.next());

      FeedPage second = page(feed, null, Long.parseLong(first.next()), 2);
      assertEquals(newestFirst(p2, p3), ids(second));
      assertEquals(p2.id(), second.next());

      FeedPage last = page(feed, null, Long.parseLong(second.next()), 2);
      assertEquals(List.of(p1.id()), ids(last));
      assertNull(last.next());
    }

    @Test
    void aFullLastPageHasNullNext() {
      String alice = user("alice");
      Post p1 = post(alice, "1");
      Post p2 = post(alice, "2");
      Post p3 = post(alice, "3");
      Post p4 = post(alice, "4");
      String feed = "user:" + alice;

      FeedPage first = page(feed, null, null, 2);
      FeedPage second = page(feed, null, Long.parseLong(first.next()), 2);

      assertEquals(newestFirst(p3, p4), ids(first));
      assertEquals(newestFirst(p1, p2), ids(second));
      assertNull(second.next());
    }

    @Test
    void positionIsTheNewestEventIdWhateverItsType() {
      String alice = user("alice");
      Post post = post(alice, "hello");
      assertEquals(Long.toString(lastEventId()), page("user:" + alice, null, null, 10).position());

      likes().like(id(post), user("bob"));
      List<Event> follow = follows().follow(user("carol"), alice);
      long followEvent = follow.get(follow.size() - 1).id();

      FeedPage page = page("user:" + alice, null, null, 10);
      assertEquals(Long.toString(followEvent), page.position());
      assertEquals(1, page.posts().get(0).likes(), "the page reflects the like before it");
    }

    @Test
    void emptyFeedHasNoPostsNoNextAndTheCurrentPosition() {
      post(user("alice"), "elsewhere");

      FeedPage page = page("user:" + user("nobody"), null, null, 10);

      assertEquals(List.of(), page.posts());
      assertNull(page.next());
      assertEquals(Long.toString(lastEventId()), page.position());
    }

    /**
     * A client loads a page, then subscribes from its position. A post committed between the page's
     * two reads must be on neither side of that line twice: not on the page if its event is after
     * the position.
     */
    @Test
    void pageNeverShowsAPostCommittedAfterItsPosition() {
      String alice = user("alice");
      Post earlier = post(alice, "before the page");
      AtomicReference<PostChange> during = new AtomicReference<>();
      Runnable commitAnotherPost =
          () ->
              during.set(
                  CompletableFuture.supplyAsync(
                          () ->
                              posts().create(alice, "while the page is read", List.of(), List.of()))
                      .orTimeout(30, TimeUnit.SECONDS)
                      .join());
      FeedQuery query =
          new FeedQuery(new Database(beforeFirstPostsQuery(dataSource, commitAnotherPost)), WINDOW);

      FeedPage page = query.page(Feed.parse("user:" + alice), null, null, 10);

      PostChange late = during.get();
      long position = Long.parseLong(page.position());
      assertTrue(
          !ids(page).contains(late.post().id()) || late.event().id() <= position,
          "post "
              + late.post().id()
              + " is on the page but its event "
              + late.event().id()
              + " is after the page's position "
              + position
              + ", so a client that subscribes from the position sees it twice");
      assertEquals(List.of(earlier.id()), ids(page));
    }

    /** Runs {@code between} once, on the feed query's connection, just before it reads posts. */
    private static DataSource beforeFirstPostsQuery(DataSource target, Runnable between) {
      AtomicBoolean armed = new AtomicBoolean(true);
      return proxy(
          DataSource.class,
          target,
          (method, result) ->
              method.getName().equals("getConnection")
                  ? proxy(
                      Connection.class,
                      (Connection) result,
                      (connectionMethod, connectionResult) -> connectionResult,
                      (connectionMethod, args) -> {
                        if (connectionMethod.getName().equals("prepareStatement")
                            && args[0] instanceof String sql
                            && sql.startsWith("select p.id")
                            && armed.getAndSet(false)) {
                          between.run();
                        }
                      })
                  : result,
          (method, args) -> {});
    }

    private interface After {
      Object apply(Method method, Object result);
    }

    private interface Before {
      void accept(Method method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, T target, After after, Before before) {
      return type.cast(
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (self, method, args) -> {
                before.accept(method, args);
                try {
                  return after.apply(method, method.invoke(target, args));
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              }));
    }

    @Test
    void deletedPostsLeaveEveryFeed() {
      String alice = user("alice");
      String tag = user("gone");
      Post kept = post(alice, "kept");
      Post deleted = post(alice, "deleted #" + tag);

      posts().delete(id(deleted), alice, false);

      assertEquals(List.of(kept.id()), ids(page("user:" + alice, null, null, 10)));
      assertEquals(List.of(), ids(page("tag:" + tag, null, null, 10)));
      assertEquals(List.of(kept.id()), ids(page("home", alice, null, 10)));
    }

    /** Notes the SQL of every statement prepared through {@code target}. */
    private static DataSource recording(DataSource target, List<String> statements) {
      return proxy(
          DataSource.class,
          target,
          (method, result) ->
              method.getName().equals("getConnection")
                  ? proxy(
                      Connection.class,
                      (Connection) result,
                      (connectionMethod, connectionResult) -> connectionResult,
                      (connectionMethod, args) -> {
                        if (connectionMethod.getName().equals("prepareStatement")) {
                          statements.add((String) args[0]);
                        }
                      })
                  : result,
          (method, args) -> {});
    }

    private static List<Boolean> liked(FeedPage page) {
      return page.posts().stream().map(Post::liked).toList();
    }

    private static long likeLookups(List<String> statements) {
      return statements.stream().filter(sql -> sql.contains(" from likes ")).count();
    }

    @Test
    void eachPageSaysWhichPostsItsReaderLikesWithOneLookup() {
      String alice = user("alice");
      String bob = user("bob");
      Post p1 = post(alice, "one");
      Post p2 = post(alice, "two");
      Post p3 = post(alice, "three");
      Post p4 = post(alice, "four");
      likes().like(id(p1), bob);
      likes().like(id(p3), bob);
      likes().like(id(p2), alice);
      follows().follow(bob, alice);
      List<String> statements = new ArrayList<>();
      FeedQuery query = new FeedQuery(new Database(recording(dataSource, statements)), WINDOW);

      for (Feed feed : List.of(Feed.parse("user:" + alice), Feed.HOME)) {
        statements.clear();
        FeedPage first = query.page(feed, bob, null, 2);
        FeedPage second = query.page(feed, bob, Long.parseLong(first.next()), 2);

        assertEquals(newestFirst(p3, p4), ids(first), feed.name());
        assertEquals(List.of(false, true), liked(first), feed.name());
        assertEquals(newestFirst(p1, p2), ids(second), feed.name());
        assertEquals(List.of(false, true), liked(second), feed.name());
        assertEquals(2, likeLookups(statements), feed.name() + ": " + statements);
      }

      statements.clear();
      FeedPage anonymous = query.page(Feed.parse("user:" + alice), null, null, 10);
      assertEquals(newestFirst(p1, p2, p3, p4), ids(anonymous));
      assertTrue(
          anonymous.posts().stream().allMatch(p -> p.liked() == null), "no reader, no liked");
      assertEquals(0, likeLookups(statements), statements.toString());
    }
  }
}
