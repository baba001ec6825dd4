package dev.feedline.posts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.errors.NotFoundException;
import dev.feedline.errors.PermissionDeniedException;
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

class PostStoreTest {

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
    private PostStore store;

    Cases(Kind kind) {
      super(kind);
    }

    private PostStore store() {
      if (store == null) {
        store = new PostStore(database);
      }
      return store;
    }

    private PostStore.Change create(String author, String text, List<String> explicit) {
      List<String> tags = rules.allTags(rules.explicitTags(explicit), rules.text(text));
      return store().create(author, text, rules.explicitTags(explicit), tags);
    }

    private static long id(Post post) {
      return Long.parseLong(post.id());
    }

    private static JsonObject json(String data) {
      return Json.createReader(new StringReader(data)).readObject();
    }

    @Test
    void createdPostIsFoundAgainAsItWasAnswered() {
      String alice = user("alice");
      PostStore.Change change = create(alice, "Hello #World", List.of("Intro"));

      Post post = change.post();
      assertEquals(alice, post.author());
      assertEquals("Hello #World", post.text());
      assertEquals(List.of("intro", "world"), post.tags());
      assertNotNull(post.createdAt());
      assertNull(post.editedAt());
      assertEquals(0, post.likes());
      assertEquals(Optional.of(post), store().find(id(post)));
    }

    @Test
    void findingAMissingPostIsEmpty() {
      assertEquals(Optional.empty(), store().find(987_654_321L));
    }

    @Test
    void createAppendsOnePostCreatedEventCarryingThePost() {
      long before = lastEventId();
      Post post = create(user("alice"), "Java news #java", List.of()).post();

      List<Event> events = eventsAfter(before);
      assertEquals(1, events.size());
      Event event = events.get(0);
      assertEquals(EventType.POST_CREATED, event.type());
      assertEquals(id(post), event.postId());
      assertEquals(post.author(), event.actor());
      assertEquals(List.of("java"), event.tags());
      JsonObject data = json(event.data());
      assertEquals(post.id(), data.getString("id"));
      assertEquals(post.text(), data.getString("text"));
      assertEquals(post.author(), data.getString("author"));
      assertTrue(data.isNull("editedAt"), "editedAt is written as null: " + data);
      assertEquals(0, data.getJsonNumber("likes").longValue());
    }

    @Test
    void authorEditsTextAndTagsAreRecomputedKeepingExplicitOnes() {
      String alice = user("alice");
      Post created = create(alice, "about #java", List.of("News")).post();
      long before = lastEventId();

      PostStore.Change change = store().edit(id(created), alice, "now about #Kotlin", rules);

      Post edited = change.post();
      assertEquals("now about #Kotlin", edited.text());
      assertEquals(List.of("news", "kotlin"), edited.tags());
      assertEquals(created.createdAt(), edited.createdAt());
      assertNotNull(edited.editedAt());
      assertEquals(Optional.of(edited), store().find(id(created)));

      List<Event> events = eventsAfter(before);
      assertEquals(1, events.size());
      Event event = events.get(0);
      assertEquals(EventType.POST_UPDATED, event.type());
      assertEquals(change.event(), event);
      // Subscribers of the tag the edit removed learn of it too.
      assertEquals(List.of("news", "java", "kotlin"), event.tags());
      assertEquals("now about #Kotlin", json(event.data()).getString("text"));
    }

    @Test
    void editKeepsTheLikeCount() {
      String alice = user("alice");
      Post post = create(alice, "likeable", List.of()).post();
      store().like(id(post), user("bob"));

      assertEquals(1, store().edit(id(post), alice, "still likeable", rules).post().likes());
    }

    @Test
    void onlyTheAuthorMayEdit() {
      Post post = create(user("alice"), "mine", List.of()).post();
      long before = lastEventId();

      assertThrows(
          PermissionDeniedException.class,
          () -> store().edit(id(post), user("mallory"), "yours", rules));

      assertEquals(Optional.of(post), store().find(id(post)));
      assertEquals(List.of(), eventsAfter(before));
    }

    @Test
    void editingAMissingPostIsNotFound() {
      assertThrows(
          NotFoundException.class, () -> store().edit(987_654_321L, user("alice"), "x", rules));
    }

    @Test
    void editThatBreaksTheTagLimitChangesNothing() {
      String alice = user("alice");
      Post post = create(alice, "few tags", List.of("a", "b", "c", "d", "e", "f", "g", "h")).post();
      long before = lastEventId();

      assertThrows(
          InvalidInputException.class,
          () -> store().edit(id(post), alice, "#x1 #x2 #x3 more than ten", rules));

      assertEquals(Optional.of(post), store().find(id(post)));
      assertEquals(List.of(), eventsAfter(before));
    }

    @Test
    void authorDeletesAPostAndOneDeletedEventNamesIt() {
      String alice = user("alice");
      Post post = create(alice, "short-lived #tmp", List.of()).post();
      long before = lastEventId();

      Event event = store().delete(id(post), alice, false).event();

      assertEquals(Optional.empty(), store().find(id(post)));
      assertEquals(List.of(event), eventsAfter(before));
      assertEquals(EventType.POST_DELETED, event.type());
      assertEquals(id(post), event.postId());
      assertEquals(List.of("tmp"), event.tags());
      assertEquals(post.id(), json(event.data()).getString("id"));
    }

    @Test
    void adminDeletesAnotherUsersPost() {
      Post post = create(user("alice"), "reported", List.of()).post();

      store().delete(id(post), user("moderator"), true);

      assertEquals(Optional.empty(), store().find(id(post)));
    }

    @Test
    void otherUsersMayNotDelete() {
      Post post = create(user("alice"), "keep me", List.of()).post();
      long before = lastEventId();

      assertThrows(
          PermissionDeniedException.class, () -> store().delete(id(post), user("bob"), false));

      assertEquals(Optional.of(post), store().find(id(post)));
      assertEquals(List.of(), eventsAfter(before));
    }

    @Test
    void deletingAMissingOrDeletedPostIsNotFound() {
      String alice = user("alice");
      Post post = create(alice, "once", List.of()).post();
      store().delete(id(post), alice, false);

      assertThrows(NotFoundException.class, () -> store().delete(id(post), alice, false));
    }

    @Test
    void deletingALikedPostRemovesItsLikes() {
      String alice = user("alice");
      Post post = create(alice, "liked then gone", List.of()).post();
      store().like(id(post), user("bob"));

      store().delete(id(post), alice, false);

      assertEquals(Optional.empty(), store().find(id(post)));
    }

    @Test
    void likeIsIdempotentAndOnlyTheFirstCallAppendsAnEvent() {
      Post post = create(user("alice"), "like me #fun", List.of()).post();
      String bob = user("bob");
      long before = lastEventId();

      Optional<PostStore.Change> first = store().like(id(post), bob);
      Optional<PostStore.Change> repeated = store().like(id(post), bob);

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
      assertEquals(1, store().find(id(post)).orElseThrow().likes());
    }

    @Test
    void likesOfDifferentUsersAddUpAndUnlikeTakesOneBack() {
      Post post = create(user("alice"), "popular", List.of()).post();
      String bob = user("bob");
      String carol = user("carol");

      store().like(id(post), bob);
      Event second = store().like(id(post), carol).orElseThrow().event();
      assertEquals(2, json(second.data()).getJsonNumber("likes").longValue());
      assertEquals(2, store().find(id(post)).orElseThrow().likes());

      long before = lastEventId();
      Optional<Event> unlike = store().unlike(id(post), bob).map(PostStore.Change::event);
      Optional<PostStore.Change> repeated = store().unlike(id(post), bob);

      assertTrue(unlike.isPresent());
      assertEquals(Optional.empty(), repeated);
      assertEquals(unlike.get(), eventsAfter(before).get(0));
      assertEquals(EventType.POST_STATS, unlike.get().type());
      assertEquals(1, json(unlike.get().data()).getJsonNumber("likes").longValue());
      assertEquals(1, store().find(id(post)).orElseThrow().likes());
    }

    @Test
    void unlikeWithoutALikeChangesNothing() {
      Post post = create(user("alice"), "nobody likes", List.of()).post();
      long before = lastEventId();

      assertEquals(Optional.empty(), store().unlike(id(post), user("bob")));

      assertEquals(0, store().find(id(post)).orElseThrow().likes());
      assertEquals(List.of(), eventsAfter(before));
    }

    @Test
    void likingAMissingPostIsNotFound() {
      assertThrows(NotFoundException.class, () -> store().like(987_654_321L, user("bob")));
    }

    @Test
    void concurrentLikesByManyUsersAreAllCounted() throws Exception {
      Post post = create(user("alice"), "viral", List.of()).post();
      int likers = 16;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Optional<PostStore.Change>>> likes = new ArrayList<>();
        for (int i = 0; i < likers; i++) {
          String liker = user("fan");
          Callable<Optional<PostStore.Change>> like =
              () -> {
                start.await();
                return store().like(id(post), liker);
              };
          likes.add(pool.submit(like));
        }
        start.countDown();
        List<Long> counts = new ArrayList<>();
        for (Future<Optional<PostStore.Change>> like : likes) {
          Event event = like.get(60, TimeUnit.SECONDS).orElseThrow().event();
          counts.add(json(event.data()).getJsonNumber("likes").longValue());
        }

        assertEquals(likers, store().find(id(post)).orElseThrow().likes());
        // Each like saw the one before it: the counts its events carry are 1..N, once each.
        assertEquals(
            java.util.stream.LongStream.rangeClosed(1, likers).boxed().toList(),
            counts.stream().sorted().collect(Collectors.toList()));
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
