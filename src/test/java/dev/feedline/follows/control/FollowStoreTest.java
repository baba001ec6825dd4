package dev.feedline.follows.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.store.control.StoreTestCase;
import dev.feedline.store.control.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FollowStoreTest {

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
    private FollowStore follows;

    Cases(Kind kind) {
      super(kind);
    }

    private FollowStore follows() {
      if (follows == null) {
        follows = new FollowStore(database);
      }
      return follows;
    }

    @Test
    void followAppendsOneFollowCreatedEventNamingBothUsers() {
      String alice = user("alice");
      String bob = user("bob");
      long before = lastEventId();

      List<Event> events = follows().follow(alice, bob);
      Optional<Event> event = events.stream().findFirst();

      assertTrue(event.isPresent());
      assertEquals(events, eventsAfter(before));
      assertEquals(EventType.NOTIFICATION_CREATED, events.get(1).type(), "bob is notified");
      assertEquals(EventType.FOLLOW_CREATED, event.get().type());
      assertEquals(alice, event.get().actor());
      assertEquals(bob, event.get().subject());
      assertEquals(null, event.get().postId());
      assertEquals(List.of(bob), follows().following(alice));
      assertEquals(List.of(alice), follows().followers(bob));
    }

    @Test
    void followingTwiceIsIdempotentAndAppendsNoSecondEvent() {
      String alice = user("alice");
      String bob = user("bob");
      follows().follow(alice, bob);
      long before = lastEventId();

      assertEquals(List.of(), follows().follow(alice, bob));

      assertEquals(List.of(), eventsAfter(before));
      assertEquals(List.of(bob), follows().following(alice));
    }

    @Test
    void unfollowAppendsOneFollowDeletedEventAndRepeatingItChangesNothing() {
      String alice = user("alice");
      String bob = user("bob");
      follows().follow(alice, bob);
      long before = lastEventId();

      List<Event> events = follows().unfollow(alice, bob);
      List<Event> repeated = follows().unfollow(alice, bob);
      Optional<Event> event = events.stream().findFirst();

      assertTrue(event.isPresent());
      assertEquals(List.of(), repeated);
      assertEquals(events, eventsAfter(before));
      assertEquals(EventType.NOTIFICATION_DELETED, events.get(1).type(), "bob's is taken back");
      assertEquals(EventType.FOLLOW_DELETED, event.get().type());
      assertEquals(alice, event.get().actor());
      assertEquals(bob, event.get().subject());
      assertEquals(List.of(), follows().following(alice));
      assertEquals(List.of(), follows().followers(bob));
    }

    @Test
    void unfollowingSomeoneNeverFollowedChangesNothing() {
      long before = lastEventId();

      assertEquals(List.of(), follows().unfollow(user("alice"), user("bob")));

      assertEquals(List.of(), eventsAfter(before));
    }

    @Test
    void followingAndFollowersAreSortedAndOnlyThatUsers() {
      String alice = user("alice");
      String zed = "zed_" + user("x");
      String bob = "bob_" + user("x");
      String carol = "carol_" + user("x");
      follows().follow(alice, zed);
      follows().follow(alice, bob);
      follows().follow(carol, bob);
      follows().follow(bob, alice);

      assertEquals(List.of(bob, zed), follows().following(alice));
      assertEquals(List.of(alice, carol), follows().followers(bob));
      assertEquals(List.of(bob), follows().followers(alice));
      assertEquals(List.of(), follows().following(zed));
      assertEquals(Set.of(bob, zed), database.inTransaction(c -> FollowStore.following(c, alice)));
    }

    @Test
    void concurrentIdenticalFollowsMakeOneFollowAndOneEvent() throws Exception {
      String alice = user("alice");
      String bob = user("bob");
      long before = lastEventId();
      int callers = 8;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      try {
        List<Future<List<Event>>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
          Callable<List<Event>> follow =
              () -> {
                go.await();
                return follows().follow(alice, bob);
              };
          results.add(pool.submit(follow));
        }
        go.countDown();
        int made = 0;
        for (Future<List<Event>> result : results) {
          if (!result.get(60, TimeUnit.SECONDS).isEmpty()) {
            made++;
          }
        }

        assertEquals(1, made, "exactly one of the identical follows reports a change");
        assertEquals(2, eventsAfter(before).size(), "one follow, one notification");
        assertEquals(List.of(bob), follows().following(alice));
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
