package dev.feedline.posts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Optional;
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

    private LikeStore likes() {
      return new LikeStore(database);
    }

    private PostChange create(String author, String text, List<String> explicit) {
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
      PostChange change = create(alice, "Hello #World", List.of("Intro"));

      Post post = change.post();
      assertEquals(alice, post.author());
      assertEquals("Hello #World", post.text());
      assertEquals(List.of("intro", "world"), post.tags());
      assertNotNull(post.createdAt());
      assertNull(post.editedAt());
      assertEquals(0, post.likes());
      assertEquals(Optional.of(post), store().find(id(post), post.author()));
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

      PostChange change = store().edit(id(created), alice, "now about #Kotlin", rules);

      Post edited = change.post();
      assertEquals("now about #Kotlin", edited.text());
      assertEquals(List.of("news", "kotlin"), edited.tags());
      assertEquals(created.createdAt(), edited.createdAt());
      assertNotNull(edited.editedAt());
      assertEquals(Optional.of(edited), store().find(id(created), alice));

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
      likes().like(id(post), user("bob"));

      assertEquals(1, store().edit(id(post), alice, "still likeable", rules).post().likes());
    }

    @Test
    void onlyTheAuthorMayEdit() {
      Post post = create(user("alice"), "mine", List.of()).post();
      long before = lastEventId();

      assertThrows(
          PermissionDeniedException.class,
          () -> store().edit(id(post), user("mallory"), "yours", rules));

      assertEquals(Optional.of(post), store().find(id(post), post.author()));
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

      assertEquals(Optional.of(post), store().find(id(post), post.author()));
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

      assertEquals(Optional.of(post), store().find(id(post), post.author()));
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
      likes().like(id(post), user("bob"));

      store().delete(id(post), alice, false);

      assertEquals(Optional.empty(), store().find(id(post)));
    }

    /** A post's data in an event, and the post a notification event carries, have no liked. */
    private static void assertNoLikedField(Event event) {
      JsonObject data = json(event.data());
      assertFalse(data.containsKey("liked"), event.toString());
      if (data.containsKey("post") && !data.isNull("post")) {
        assertFalse(data.getJsonObject("post").containsKey("liked"), event.toString());
      }
    }

    @Test
    void aReaderSeesWhetherTheyLikeThePostAndNoReaderSeesNoLiked() {
      String alice = user("alice");
      String bob = user("bob");
      Post post = create(alice, "likeable", List.of()).post();
      likes().like(id(post), bob);

      assertEquals(Boolean.TRUE, store().find(id(post), bob).orElseThrow().liked());
      assertEquals(Boolean.FALSE, store().find(id(post), alice).orElseThrow().liked());
      assertNull(store().find(id(post)).orElseThrow().liked());
      assertNull(store().find(id(post), null).orElseThrow().liked());
      assertEquals(Optional.empty(), store().find(987_654_321L, bob));
    }

    @Test
    void aNewPostIsAnsweredNotLikedAndItsEventsCarryNoLiked() {
      String alice = user("alice");
      String bob = user("bob");
      long before = lastEventId();

      PostChange change =
          store().create(alice, "hello @" + bob, List.of(), List.of(), List.of(bob), null);

      assertEquals(Boolean.FALSE, change.post().liked());
      // The post's own event first, then the notifications it made, with consecutive ids.
      List<Event> events = eventsAfter(before);
      assertEquals(
          List.of(EventType.POST_CREATED, EventType.NOTIFICATION_CREATED),
          events.stream().map(Event::type).toList());
      events.forEach(Cases::assertNoLikedField);
    }

    @Test
    void anEditIsAnsweredAsTheEditorSeesItAndItsEventsCarryNoLiked() {
      String alice = user("alice");
      String bob = user("bob");
      Post post = create(alice, "mine", List.of()).post();
      likes().like(id(post), alice);
      long before = lastEventId();

      PostChange liked = store().edit(id(post), alice, "mine, hello @" + bob, rules);

      assertEquals(Boolean.TRUE, liked.post().liked());
      List<Event> events = eventsAfter(before);
      assertEquals(
          List.of(EventType.POST_UPDATED, EventType.NOTIFICATION_CREATED),
          events.stream().map(Event::type).toList());
      events.forEach(Cases::assertNoLikedField);

      likes().unlike(id(post), alice);
      assertEquals(
          Boolean.FALSE, store().edit(id(post), alice, "mine again", rules).post().liked());
    }
  }
}
