package dev.feedline.notifications.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.errors.NotFoundException;
import dev.feedline.events.control.NotificationLog;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.events.entity.NotificationType;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.json.Json;
import dev.feedline.markers.control.MarkerStore;
import dev.feedline.markers.entity.Marker;
import dev.feedline.notifications.entity.Notification;
import dev.feedline.notifications.entity.NotificationPage;
import dev.feedline.posts.control.LikeStore;
import dev.feedline.posts.control.PostChange;
import dev.feedline.posts.control.PostRules;
import dev.feedline.posts.control.PostStore;
import dev.feedline.posts.entity.Post;
import dev.feedline.store.control.Database;
import dev.feedline.store.control.StoreTestCase;
import dev.feedline.store.control.TestDatabases.Kind;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class NotificationStoreTest {

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
    private static final int CAP = 3;
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

    private NotificationStore notifications() {
      return new NotificationStore(database);
    }

    private PostChange post(String author, String text) {
      return post(author, text, null);
    }

    private PostChange post(String author, String text, Long inReplyTo) {
      return posts()
          .create(
              author,
              text,
              List.of(),
              rules.allTags(List.of(), text),
              rules.mentions(text),
              inReplyTo);
    }

    private static long id(Post post) {
      return Long.parseLong(post.id());
    }

    private List<Notification> of(String user) {
      return notifications().page(user, null, 100, Set.of()).notifications();
    }

    private List<String> summary(String user) {
      return of(user).stream()
          .map(n -> n.type() + " " + n.actor() + (n.post() == null ? "" : " " + n.post().id()))
          .toList();
    }

    private static JsonObject data(Event event) {
      return Json.parseOne(event.data()).asJsonObject();
    }

    @Test
    void aLikeNotifiesTheAuthorOnceAndTheUnlikeTakesItBack() {
      String alice = user("alice");
      String bob = user("bob");
      Post post = post(alice, "like me").post();

      PostChange like = likes().like(id(post), bob).orElseThrow();
      assertEquals(Set.of(), Set.copyOf(likes().like(id(post), bob).stream().toList()));

      assertEquals(List.of("like " + bob + " " + post.id()), summary(alice));
      Event created = like.notifications().get(0);
      assertEquals(EventType.NOTIFICATION_CREATED, created.type());
      assertEquals(alice, created.actor(), "routed to the recipient");
      assertEquals("like", created.subject());
      JsonObject data = data(created);
      assertEquals(of(alice).get(0).id(), data.getString("id"));
      assertEquals(bob, data.getString("actor"));
      assertEquals(1, data.getJsonObject("post").getJsonNumber("likes").longValue());

      long before = lastEventId();
      PostChange unlike = likes().unlike(id(post), bob).orElseThrow();
      Event deleted = unlike.notifications().get(0);
      assertEquals(EventType.NOTIFICATION_DELETED, deleted.type());
      assertEquals(alice, deleted.actor());
      assertEquals(data.getString("id"), data(deleted).getString("id"));
      assertEquals(unlike.events(), eventsAfter(before));
      assertEquals(List.of(), of(alice));
    }

    @Test
    void nobodyIsNotifiedOfTheirOwnLikeMentionOrReply() {
      String alice = user("alice");
      Post post = post(alice, "me, @" + alice).post();
      likes().like(id(post), alice);
      post(alice, "replying to myself", id(post));

      assertEquals(List.of(), of(alice));
    }

    @Test
    void aFollowNotifiesTheFolloweeOnceAndTheUnfollowTakesItBack() {
      String alice = user("alice");
      String bob = user("bob");
      FollowStore follows = new FollowStore(database);

      List<Event> made = follows.follow(bob, alice);
      follows.follow(bob, alice);

      assertEquals(List.of("follow " + bob), summary(alice));
      assertTrue(data(made.get(1)).isNull("post"));
      List<Event> undone = follows.unfollow(bob, alice);
      assertEquals(EventType.NOTIFICATION_DELETED, undone.get(1).type());
      assertEquals(List.of(), of(alice));
    }

    @Test
    void mentionsNotifyEachPersonNamedOnceAndEditsAddAndRemoveThem() {
      String alice = user("alice");
      String bob = user("bob");
      String carol = user("carol");
      String dan = user("dan");
      Post post = post(alice, "hi @" + bob + " and @" + carol + ", @" + bob + ".").post();

      assertEquals(List.of(bob, carol), post.mentions());
      assertEquals(List.of("mention " + alice + " " + post.id()), summary(bob));
      assertEquals(List.of("mention " + alice + " " + post.id()), summary(carol));

      // The edit drops carol, keeps bob (nothing new for him) and adds dan.
      PostChange edit = posts().edit(id(post), alice, "hi @" + bob + " and @" + dan, rules);

      assertEquals(List.of(bob, dan), edit.post().mentions());
      assertEquals(
          List.of(EventType.NOTIFICATION_DELETED, EventType.NOTIFICATION_CREATED),
          edit.notifications().stream().map(Event::type).toList());
      assertEquals(carol, edit.notifications().get(0).actor());
      assertEquals(dan, edit.notifications().get(1).actor());
      assertEquals(1, of(bob).size());
      assertEquals(List.of(), of(carol));
      assertEquals(List.of("mention " + alice + " " + post.id()), summary(dan));
    }

    @Test
    void aReplyNotifiesTheParentsAuthorOnceEvenWhenItAlsoMentionsThem() {
      String alice = user("alice");
      String bob = user("bob");
      String carol = user("carol");
      Post parent = post(alice, "question").post();

      Post reply = post(bob, "@" + alice + " answer, cc @" + carol, id(parent)).post();

      assertEquals(parent.id(), reply.inReplyTo());
      assertEquals(List.of("reply " + bob + " " + reply.id()), summary(alice));
      assertEquals(List.of("mention " + bob + " " + reply.id()), summary(carol));
      assertEquals(parent.id(), posts().find(id(reply)).orElseThrow().inReplyTo());

      // Editing the mention of the parent's author away leaves the reply standing.
      posts().edit(id(reply), bob, "answer", rules);
      assertEquals(List.of("reply " + bob + " " + reply.id()), summary(alice));
    }

    @Test
    void aReplyToAMissingOrDeletedPostIsNotFoundAndMakesNothing() {
      String alice = user("alice");
      Post gone = post(alice, "soon gone").post();
      posts().delete(id(gone), alice, false);
      long before = lastEventId();

      assertThrows(NotFoundException.class, () -> post(user("bob"), "re", id(gone)));
      assertThrows(NotFoundException.class, () -> post(user("bob"), "re", 987_654_321L));
      assertEquals(List.of(), eventsAfter(before));
    }

    @Test
    void deletingAPostDeletesItsMentionReplyAndLikeNotifications() {
      String alice = user("alice");
      String bob = user("bob");
      String carol = user("carol");
      Post parent = post(alice, "question").post();
      Post reply = post(bob, "answer @" + carol, id(parent)).post();
      likes().like(id(reply), alice);
      assertEquals(1, of(alice).size());
      assertEquals(1, of(bob).size());
      assertEquals(1, of(carol).size());

      long before = lastEventId();
      PostChange deleted = posts().delete(id(reply), bob, false);

      assertEquals(List.of(), of(alice));
      assertEquals(List.of(), of(bob));
      assertEquals(List.of(), of(carol));
      assertEquals(deleted.events(), eventsAfter(before));
      assertEquals(
          Set.of(alice, bob, carol),
          Set.copyOf(deleted.notifications().stream().map(Event::actor).toList()));
      assertTrue(
          deleted.notifications().stream()
              .allMatch(e -> e.type() == EventType.NOTIFICATION_DELETED));
    }

    @Test
    void twoLikesRacingMakeOneNotification() throws Exception {
      // Each racer has its own connection pool, as two nodes would.
      String alice = user("alice");
      String bob = user("bob");
      long postId = id(post(alice, "race").post());
      int racers = 8;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(racers);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          LikeStore node = new LikeStore(new Database(dataSource));
          Callable<Integer> like =
              () -> {
                go.await();
                return node.like(postId, bob).map(c -> c.notifications().size()).orElse(0);
              };
          results.add(pool.submit(like));
        }
        go.countDown();
        int made = 0;
        for (Future<Integer> result : results) {
          made += result.get(60, TimeUnit.SECONDS);
        }
        assertEquals(1, made);
        assertEquals(1, of(alice).size());
        assertEquals(1, posts().find(postId).orElseThrow().likes());
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void theSameCauseMadeByTwoTransactionsAtOnceIsOneNotification() throws Exception {
      // Without the post's lock that serializes likes: the unique key alone decides.
      String alice = user("alice");
      String bob = user("bob");
      long postId = id(post(alice, "keyed").post());
      int racers = 6;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(racers);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          Database node = new Database(dataSource);
          Callable<Boolean> add =
              () -> {
                go.await();
                return node.inTransaction(
                        c ->
                            NotificationLog.add(c, alice, NotificationType.LIKE, bob, postId, "{}"))
                    .isPresent();
              };
          results.add(pool.submit(add));
        }
        go.countDown();
        int made = 0;
        for (Future<Boolean> result : results) {
          made += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, made);
        assertEquals(1, of(alice).size());
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void pagesAreNewestFirstFilteredByTypeAndFindIsTheRecipientsOnly() {
      String alice = user("alice");
      String bob = user("bob");
      Post post = post(alice, "page me").post();
      likes().like(id(post), bob);
      new FollowStore(database).follow(bob, alice);
      post(bob, "hey @" + alice);

      NotificationPage first = notifications().page(alice, null, 2, Set.of());
      assertEquals(
          List.of("mention", "follow"),
          first.notifications().stream().map(Notification::type).toList());
      assertEquals(first.notifications().get(1).id(), first.next());
      assertEquals(Long.toString(lastEventId()), first.position());
      NotificationPage second =
          notifications().page(alice, Long.parseLong(first.next()), 2, Set.of());
      assertEquals(
          List.of("like"), second.notifications().stream().map(Notification::type).toList());
      assertNull(second.next());
      assertEquals(
          List.of("mention", "like"),
          notifications()
              .page(alice, null, 10, Set.of(NotificationType.LIKE, NotificationType.MENTION))
              .notifications()
              .stream()
              .map(Notification::type)
              .toList());

      long likeId = Long.parseLong(second.notifications().get(0).id());
      assertEquals(post.id(), notifications().find(alice, likeId).orElseThrow().post().id());
      assertFalse(notifications().find(bob, likeId).isPresent(), "not bob's");
    }

    @Test
    void unreadCountsNotificationsAfterThePositionThatStillExistUpToTheCap() {
      String alice = user("alice");
      MarkerStore markers = new MarkerStore(database, CAP);
      Post post = post(alice, "count me").post();
      long start = lastEventId();
      String bob = user("bob");
      String carol = user("carol");
      likes().like(id(post), bob);
      likes().like(id(post), carol);
      posts().edit(id(post), alice, "count me again", rules); // no notification

      Marker marker = markers.move(alice, Feed.NOTIFICATIONS, start).marker();
      assertEquals(2, marker.unread());
      assertFalse(marker.unreadCapped());

      likes().unlike(id(post), bob);
      assertEquals(1, unread(markers, alice));
      for (int i = 0; i < CAP; i++) {
        new FollowStore(database).follow(user("fan"), alice);
      }
      Marker capped = markers.read(alice, List.of(Feed.NOTIFICATIONS)).get("notifications");
      assertEquals(CAP, capped.unread());
      assertTrue(capped.unreadCapped());
    }

    private static long unread(MarkerStore markers, String user) {
      return markers.read(user, List.of(Feed.NOTIFICATIONS)).get("notifications").unread();
    }

    @Test
    void notificationPostsSayWhetherTheRecipientLikesThemButTheirEventsDoNot() {
      String alice = user("alice");
      String bob = user("bob");
      String carol = user("carol");
      Post mine = post(alice, "like me").post();
      likes().like(id(mine), alice);
      long before = lastEventId();
      likes().like(id(mine), bob);
      Post mention = post(carol, "hi @" + alice).post();
      new FollowStore(database).follow(carol, alice);

      NotificationPage page = notifications().page(alice, null, 100, Set.of());
      assertEquals(
          List.of(
              "follow " + carol,
              "mention " + carol + " " + mention.id(),
              "like " + bob + " " + mine.id()),
          summary(alice));
      assertNull(page.notifications().get(0).post(), "a follow has no post");
      assertEquals(
          List.of(false, true),
          page.notifications().subList(1, 3).stream().map(n -> n.post().liked()).toList());
      for (Event event : eventsAfter(before)) {
        if (event.type() == EventType.NOTIFICATION_CREATED && !data(event).isNull("post")) {
          assertFalse(data(event).getJsonObject("post").containsKey("liked"), event.toString());
        }
      }

      likes().like(id(mention), alice);
      Notification found =
          notifications()
              .find(alice, Long.parseLong(page.notifications().get(1).id()))
              .orElseThrow();
      assertEquals(Boolean.TRUE, found.post().liked());
    }
  }
}
