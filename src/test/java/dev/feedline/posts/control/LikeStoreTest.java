package dev.feedline.posts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.errors.NotFoundException;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.posts.entity.Post;
import dev.feedline.store.control.StoreTestCase;
import dev.feedline.store.control.TestDatabases.Kind;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LikeStoreTest {

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

    private PostChange create(String author, String text, List<String> explicit) {
      List<String> tags = rules.allTags(rules.explicitTags(explicit), rules.text(text));
      return posts().create(author, text, rules.explicitTags(explicit), tags);
    }

    private static long id(Post post) {
      return Long.parseLong(post.id());
    }

    private static JsonObject json(String data) {
      return Json.createReader(new StringReader(data)).readObject();
    }

    @Test
    void likeIsIdempotentAndOnlyTheFirstCallAppendsAnEvent() {
      Post post = create(user("alice"), "like me #fun", List.of()).post();
      String bob = user("bob");
      long before = lastEventId();

      Optional<PostChange> first = likes().like(id(post), bob);
      Optional<PostChange> repeated = likes().like(id(post), bob);

      assertTrue(first.isPresent());
      assertEquals(Optional.empty(), repeated);
      assertEquals(first.get().events(), eventsAfter(before));
      Event event = first.get().event();
      assertEquals(EventType.POST_STATS, event.type());
      assertEquals(id(post), event.postId());
      assertEquals(List.of("fun"), event.tags());
      JsonObject data = json(event.data());
      assertEquals(post.id(), data.getString("id"));
      assertEquals(1, data.getJsonNumber("likes").longValue());
      assertEquals(1, posts().find(id(post)).orElseThrow().likes());
    }

    @Test
    void likesOfDifferentUsersAddUpAndUnlikeTakesOneBack() {
      Post post = create(user("alice"), "popular", List.of()).post();
      String bob = user("bob");
      String carol = user("carol");

      likes().like(id(post), bob);
      Event second = likes().like(id(post), carol).orElseThrow().event();
      assertEquals(2, json(second.data()).getJsonNumber("likes").longValue());
      assertEquals(2, posts().find(id(post)).orElseThrow().likes());

      long before = lastEventId();
      Optional<Event> unlike = likes().unlike(id(post), bob).map(PostChange::event);
      Optional<PostChange> repeated = likes().unlike(id(post), bob);

      assertTrue(unlike.isPresent());
      assertEquals(Optional.empty(), repeated);
      assertEquals(unlike.get(), eventsAfter(before).get(0));
      assertEquals(EventType.POST_STATS, unlike.get().type());
      assertEquals(1, json(unlike.get().data()).getJsonNumber("likes").longValue());
      assertEquals(1, posts().find(id(post)).orElseThrow().likes());
    }

    @Test
    void unlikeWithoutALikeChangesNothing() {
      Post post = create(user("alice"), "nobody likes", List.of()).post();
      long before = lastEventId();

      assertEquals(Optional.empty(), likes().unlike(id(post), user("bob")));

      assertEquals(0, posts().find(id(post)).orElseThrow().likes());
      assertEquals(List.of(), eventsAfter(before));
    }

    @Test
    void likingAMissingPostIsNotFound() {
      assertThrows(NotFoundException.class, () -> likes().like(987_654_321L, user("bob")));
    }

    @Test
    void concurrentLikesByManyUsersAreAllCounted() throws Exception {
      Post post = create(user("alice"), "viral", List.of()).post();
      int likers = 16;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Optional<PostChange>>> likes = new ArrayList<>();
        for (int i = 0; i < likers; i++) {
          String liker = user("fan");
          Callable<Optional<PostChange>> like =
              () -> {
                start.await();
                return likes().like(id(post), liker);
              };
          likes.add(pool.submit(like));
        }
        start.countDown();
        List<Long> counts = new ArrayList<>();
        for (Future<Optional<PostChange>> like : likes) {
          Event event = like.get(60, TimeUnit.SECONDS).orElseThrow().event();
          counts.add(json(event.data()).getJsonNumber("likes").longValue());
        }

        assertEquals(likers, posts().find(id(post)).orElseThrow().likes());
        // Each like saw the one before it: the counts its events carry are 1..N, once each.
        assertEquals(
            java.util.stream.LongStream.rangeClosed(1, likers).boxed().toList(),
            counts.stream().sorted().collect(Collectors.toList()));
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void likeAndUnlikeAnswerThePostAsTheLikerSeesItAndTheirEventsCarryNoLiked() {
      Post post = create(user("alice"), "like me", List.of()).post();
      String bob = user("bob");
      long before = lastEventId();

      assertEquals(Boolean.TRUE, likes().like(id(post), bob).orElseThrow().post().liked());
      assertEquals(Boolean.FALSE, likes().unlike(id(post), bob).orElseThrow().post().liked());

      List<Event> events = eventsAfter(before);
      assertEquals(
          List.of(
              EventType.POST_STATS,
              EventType.NOTIFICATION_CREATED,
              EventType.POST_STATS,
              EventType.NOTIFICATION_DELETED),
          events.stream().map(Event::type).toList());
      for (Event event : events) {
        JsonObject data = json(event.data());
        assertFalse(data.containsKey("liked"), event.toString());
        if (data.containsKey("post")) {
          assertFalse(data.getJsonObject("post").containsKey("liked"), event.toString());
        }
      }
    }

    @Test
    void asSeenBySetsLikedForEachPostOfTheViewerOnlyAndLeavesItUnsetWithoutOne() {
      String alice = user("alice");
      String bob = user("bob");
      List<Post> page = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        page.add(create(alice, "post " + i, List.of()).post().withLiked(null));
      }
      likes().like(id(page.get(1)), bob);
      likes().like(id(page.get(3)), bob);
      likes().like(id(page.get(2)), alice);

      List<Boolean> seen =
          database.inTransaction(
              c -> LikeStore.asSeenBy(c, bob, page).stream().map(Post::liked).toList());
      List<Post> anonymous = database.inTransaction(c -> LikeStore.asSeenBy(c, null, page));
      List<Post> none = database.inTransaction(c -> LikeStore.asSeenBy(c, bob, List.of()));

      assertEquals(List.of(false, true, false, true, false), seen);
      assertEquals(page, anonymous);
      assertEquals(List.of(), none);
    }
  }
}
