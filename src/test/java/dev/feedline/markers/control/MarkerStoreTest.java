package dev.feedline.markers.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.json.Json;
import dev.feedline.markers.entity.Marker;
import dev.feedline.posts.control.LikeStore;
import dev.feedline.posts.control.PostRules;
import dev.feedline.posts.control.PostStore;
import dev.feedline.store.control.StoreTestCase;
import dev.feedline.store.control.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MarkerStoreTest {

  @Test
  void positionIsZeroOrADecimalEventIdAndNothingElse() {
    assertEquals(0, MarkerStore.parsePosition("0"));
    assertEquals(4711, MarkerStore.parsePosition("4711"));
    for (String bad :
        new String[] {null, "", "abc", "-5", "+5", "1.5", " 7", "99999999999999999999"}) {
      assertThrows(InvalidInputException.class, () -> MarkerStore.parsePosition(bad), bad);
    }
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
    private static final int CAP = 5;
    private final PostRules rules = new PostRules(500, 10, 20);

    Cases(Kind kind) {
      super(kind);
    }

    private MarkerStore markers() {
      return new MarkerStore(database, CAP);
    }

    private PostStore posts() {
      return new PostStore(database);
    }

    private LikeStore likes() {
      return new LikeStore(database);
    }

    private long post(String author, String text) {
      return Long.parseLong(
          posts().create(author, text, List.of(), rules.allTags(List.of(), text)).post().id());
    }

    private Marker marker(String user, Feed feed) {
      return markers().read(user, List.of(feed)).get(feed.name());
    }

    @Test
    void aMoveAppendsOneMarkerUpdatedEventCarryingTheMarker() {
      String alice = user("alice");
      post(user("bob"), "one");
      long position = lastEventId();

      MarkerStore.Move move = markers().move(alice, Feed.PUBLIC, position);

      Event event = move.event().orElseThrow();
      assertEquals(EventType.MARKER_UPDATED, event.type());
      assertEquals(alice, event.actor());
      assertEquals(List.of(), event.tags());
      assertEquals(Json.write(move.marker()), event.data());
      assertEquals(List.of(event), eventsAfter(position));
      assertEquals(Long.toString(position), move.marker().position());
      assertEquals(move.marker(), marker(alice, Feed.PUBLIC));
    }

    @Test
    void aMoveAtOrBelowTheStoredPositionChangesNothingAndAppendsNothing() {
      String alice = user("alice");
      post(user("bob"), "one");
      long high = lastEventId();
      Marker stored = markers().move(alice, Feed.HOME, high).marker();
      long before = lastEventId();

      MarkerStore.Move same = markers().move(alice, Feed.HOME, high);
      MarkerStore.Move lower = markers().move(alice, Feed.HOME, high - 1);
      MarkerStore.Move zero = markers().move(alice, Feed.HOME, 0);

      assertTrue(same.event().isEmpty() && lower.event().isEmpty() && zero.event().isEmpty());
      assertEquals(stored, same.marker());
      assertEquals(stored, lower.marker());
      assertEquals(stored, zero.marker());
      assertEquals(before, lastEventId());
    }

    @Test
    void aPositionNotYetIssuedIsRefusedAndStoresNothing() {
      String alice = user("alice");
      long next = lastEventId() + 1;

      assertThrows(InvalidInputException.class, () -> markers().move(alice, Feed.PUBLIC, next));

      assertEquals(Map.of(), markers().read(alice, List.of()));
    }

    @Test
    void twoDevicesRacingNeverMoveTheMarkerBackAndTheHighestWins() throws Exception {
      for (int i = 0; i < 20; i++) {
        post(user("bob"), "filler " + i);
      }
      long top = lastEventId();
      ExecutorService devices = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 10; round++) {
          String alice = user("alice");
          long from = lastEventId();
          CountDownLatch start = new CountDownLatch(1);
          // The phone climbs the odd positions, the browser the even ones, at the same time.
          List<Future<List<Long>>> runs = new ArrayList<>();
          for (int device = 0; device < 2; device++) {
            int parity = device;
            Callable<List<Long>> climb =
                () -> {
                  start.await();
                  List<Long> answered = new ArrayList<>();
                  for (long p = top - 19 + parity; p <= top; p += 2) {
                    answered.add(
                        Long.parseLong(markers().move(alice, Feed.HOME, p).marker().position()));
                  }
                  return answered;
                };
            runs.add(devices.submit(climb));
          }
          start.countDown();
          for (Future<List<Long>> run : runs) {
            List<Long> answered = run.get(30, TimeUnit.SECONDS);
            for (int i = 1; i < answered.size(); i++) {
              assertTrue(answered.get(i) >= answered.get(i - 1), "one device saw a step back");
            }
          }
          assertEquals(Long.toString(top), marker(alice, Feed.HOME).position());
          long last = -1;
          for (Event event : eventsAfter(from)) {
            if (event.type() == EventType.MARKER_UPDATED && event.actor().equals(alice)) {
              long position =
                  Long.parseLong(Json.jsonb().fromJson(event.data(), Marker.class).position());
              assertTrue(position > last, "events in id order must move the marker forward");
              last = position;
            }
          }
          assertEquals(top, last);
        }
      } finally {
        devices.shutdownNow();
      }
    }

    @Test
    void unreadCountsPostsAfterThePositionOfEachKindOfFeed() {
      String alice = user("alice");
      String bob = user("bob");
      String carol = user("carol");
      long start = lastEventId();
      for (Feed feed : List.of(Feed.PUBLIC, Feed.HOME, Feed.parse("user:" + bob))) {
        markers().move(alice, feed, start);
      }
      String tag = "t" + bob.replace("bob_", "");
      markers().move(alice, Feed.parse("tag:" + tag), start);

      post(bob, "hello #" + tag);
      post(carol, "elsewhere");
      post(alice, "mine");

      assertEquals(3, marker(alice, Feed.PUBLIC).unread());
      assertEquals(1, marker(alice, Feed.parse("user:" + bob)).unread());
      assertEquals(1, marker(alice, Feed.parse("tag:" + tag)).unread());
      assertEquals(1, marker(alice, Feed.HOME).unread(), "home: alice's own post only");
    }

    @Test
    void homeUnreadFollowsTheFollowGraphAsItIsNow() {
      String alice = user("alice");
      String bob = user("bob");
      markers().move(alice, Feed.HOME, lastEventId());
      post(bob, "before the follow");
      assertEquals(0, marker(alice, Feed.HOME).unread());

      new FollowStore(database).follow(alice, bob);
      assertEquals(1, marker(alice, Feed.HOME).unread(), "a follow brings bob's posts in");
      post(bob, "after the follow");
      assertEquals(2, marker(alice, Feed.HOME).unread());

      new FollowStore(database).unfollow(alice, bob);
      assertEquals(0, marker(alice, Feed.HOME).unread(), "an unfollow takes them out");
    }

    @Test
    void deletedPostsAreNotUnreadAndEditsAndLikesDoNotMakeAPostUnread() {
      String alice = user("alice");
      String bob = user("bob");
      Feed bobs = Feed.parse("user:" + bob);
      long kept = post(bob, "kept #old");
      long gone = post(bob, "gone");
      markers().move(alice, bobs, 0);
      assertEquals(2, marker(alice, bobs).unread());

      posts().delete(gone, bob, false);
      assertEquals(1, marker(alice, bobs).unread());

      markers().move(alice, bobs, lastEventId());
      posts().edit(kept, bob, "kept, edited #old", rules);
      likes().like(kept, alice);
      assertEquals(0, marker(alice, bobs).unread());
      assertEquals(0, markers().read(alice, List.of(Feed.parse("tag:old"))).size());
      markers().move(alice, Feed.parse("tag:old"), 0);
      assertEquals(1, marker(alice, Feed.parse("tag:old")).unread(), "an edit keeps the tag row");
    }

    @Test
    void unreadStopsAtTheCapAndSaysSo() {
      String alice = user("alice");
      String bob = user("bob");
      Feed bobs = Feed.parse("user:" + bob);
      markers().move(alice, bobs, lastEventId());
      for (int i = 0; i < CAP; i++) {
        post(bob, "post " + i);
      }
      assertEquals(CAP, marker(alice, bobs).unread());
      assertFalse(marker(alice, bobs).unreadCapped());

      post(bob, "one more");

      assertEquals(CAP, marker(alice, bobs).unread());
      assertTrue(marker(alice, bobs).unreadCapped());
    }

    /**
     * A home count reads the posts after the marker when they are few (at most twice the cap), and
     * each followed author's posts after it otherwise: both give the same count and cap.
     */
    @Test
    void homeUnreadIsTheSameWhetherFewOrManyPostsCameAfterTheMarker() {
      String alice = user("alice");
      String bob = user("bob");
      String carol = user("carol");
      new FollowStore(database).follow(alice, bob);
      markers().move(alice, Feed.HOME, lastEventId());
      post(bob, "followed");
      post(carol, "not followed");
      post(alice, "own");
      assertEquals(2, marker(alice, Feed.HOME).unread(), "few posts after the marker");

      for (int i = 0; i < 2 * CAP; i++) {
        post(carol, "not followed " + i);
      }
      assertEquals(2, marker(alice, Feed.HOME).unread(), "many posts after the marker");
      assertFalse(marker(alice, Feed.HOME).unreadCapped());

      for (int i = 0; i < CAP; i++) {
        post(bob, "followed " + i);
      }
      assertEquals(CAP, marker(alice, Feed.HOME).unread());
      assertTrue(marker(alice, Feed.HOME).unreadCapped());
    }

    @Test
    void readAnswersTheAskedFeedsOrAllAndOnlyTheCallersOwn() {
      String alice = user("alice");
      String bob = user("bob");
      markers().move(alice, Feed.HOME, 0);
      markers().move(alice, Feed.PUBLIC, 0);
      markers().move(bob, Feed.PUBLIC, 0);

      assertEquals(Set.of("home", "public"), markers().read(alice, List.of()).keySet());
      assertEquals(Set.of("home"), markers().read(alice, List.of(Feed.HOME)).keySet());
      assertEquals(Set.of("public"), markers().read(bob, List.of()).keySet());
      assertEquals(Map.of(), markers().read(bob, List.of(Feed.HOME)));
    }
  }
}
