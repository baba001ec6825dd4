package dev.feedline.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.posts.control.LikeStore;
import dev.feedline.posts.control.PostChange;
import dev.feedline.posts.control.PostStore;
import dev.feedline.store.control.StoreTestCase;
import dev.feedline.store.control.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class EventLogTest {

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
    private static final int WRITERS = 8;
    private static final int POSTS_PER_WRITER = 50;

    Cases(Kind kind) {
      super(kind);
    }

    @Test
    void eachChangeAppendsOneEventOfItsTypeWithIncreasingIds() {
      PostStore posts = new PostStore(database);
      FollowStore follows = new FollowStore(database);
      String alice = user("alice");
      String bob = user("bob");
      long before = lastEventId();

      PostChange created = posts.create(alice, "hi", List.of(), List.of());
      long postId = Long.parseLong(created.post().id());
      new LikeStore(database).like(postId, bob);
      follows.follow(bob, alice);
      follows.unfollow(bob, alice);
      posts.edit(postId, alice, "hello", new dev.feedline.posts.control.PostRules(500, 10, 20));
      posts.delete(postId, alice, false);

      List<Event> events = eventsAfter(before);
      assertEquals(
          List.of(
              EventType.POST_CREATED,
              EventType.POST_STATS,
              EventType.NOTIFICATION_CREATED, // alice: bob likes her post
              EventType.FOLLOW_CREATED,
              EventType.NOTIFICATION_CREATED, // alice: bob follows her
              EventType.FOLLOW_DELETED,
              EventType.NOTIFICATION_DELETED,
              EventType.POST_UPDATED,
              EventType.POST_DELETED,
              EventType.NOTIFICATION_DELETED), // the like's, with its post
          events.stream().map(Event::type).toList());
      for (int i = 0; i < events.size(); i++) {
        assertEquals(before + 1 + i, events.get(i).id(), "ids are handed out without gaps");
      }
      assertEquals(created.event(), events.get(0));
      assertEquals(events.get(events.size() - 1).id(), lastEventId());
    }

    @Test
    void appendedEventIsReadBackAsItWasWritten() {
      long before = lastEventId();
      Event appended =
          database.inTransaction(
              c ->
                  EventLog.append(
                      c,
                      EventType.FOLLOW_CREATED,
                      null,
                      "alice",
                      "bob",
                      List.of("a", "b_2"),
                      "{\"x\":1}"));

      List<Event> read = eventsAfter(before);

      assertEquals(List.of(appended), read);
      assertEquals(null, read.get(0).postId());
      assertEquals("bob", read.get(0).subject());
    }

    @Test
    void readAfterAnswersOnlyLaterEventsOldestFirstUpToTheLimit() {
      long before = lastEventId();
      PostStore posts = new PostStore(database);
      String alice = user("alice");
      for (int i = 0; i < 5; i++) {
        posts.create(alice, "post " + i, List.of(), List.of());
      }

      List<Event> firstTwo = database.inTransaction(c -> EventLog.readAfter(c, before, 2));
      List<Event> rest = database.inTransaction(c -> EventLog.readAfter(c, before + 2, 10));

      assertEquals(List.of(before + 1, before + 2), firstTwo.stream().map(Event::id).toList());
      assertEquals(
          List.of(before + 3, before + 4, before + 5), rest.stream().map(Event::id).toList());
      assertEquals(List.of(), database.inTransaction(c -> EventLog.readAfter(c, before + 5, 10)));
    }

    @Test
    void pruningDeletesTheOldestInBatchesUntilOnlyTheNewestAreKept() {
      PostStore posts = new PostStore(database);
      String alice = user("alice");
      for (int i = 0; i < 25; i++) {
        posts.create(alice, "post " + i, List.of(), List.of());
      }
      long last = lastEventId();
      long first = database.inTransaction(EventLog::firstRetainedId);

      int once = database.inTransaction(c -> EventLog.prune(c, 5, 7));
      assertEquals(7, once, "one batch deletes at most its size");
      assertEquals(first + 7, database.inTransaction(EventLog::firstRetainedId));

      new HistoryPruning(database, 5, 7).run();

      assertEquals(last - 4, database.inTransaction(EventLog::firstRetainedId));
      assertEquals(5, eventsAfter(0).size());
      int again = database.inTransaction(c -> EventLog.prune(c, 5, 7));
      assertEquals(0, again, "nothing more to prune");
    }

    @Test
    void firstRetainedIdIsTheOldestEventStillInTheLog() {
      new PostStore(database).create(user("alice"), "anything", List.of(), List.of());

      long first = database.inTransaction(EventLog::firstRetainedId);
      long oldest = eventsAfter(0).get(0).id();

      assertEquals(oldest, first);
      assertTrue(first >= 1);
    }

    /**
     * The resume guarantee rests on this: a reader that has seen id N never later finds a smaller
     * id committed. A tailer that only ever asks for ids above the last it saw must therefore end
     * up with every id the writers were given. Every other post mentions someone, so half the
     * changes append two events in one go: theirs must be consecutive.
     */
    @RepeatedTest(3)
    void concurrentPostsGetIdsInCommitOrder() throws Exception {
      PostStore posts = new PostStore(database);
      String mentioned = user("mentioned");
      long start = lastEventId();
      CountDownLatch go = new CountDownLatch(1);
      AtomicBoolean writersDone = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
      try {
        List<Future<List<Long>>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          String author = user("writer");
          Callable<List<Long>> writer =
              () -> {
                go.await();
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < POSTS_PER_WRITER; i++) {
                  List<String> mentions = i % 2 == 0 ? List.of() : List.of(mentioned);
                  List<Long> change =
                      posts
                          .create(author, "post " + i, List.of(), List.of(), mentions, null)
                          .events()
                          .stream()
                          .map(Event::id)
                          .toList();
                  assertEquals(1 + mentions.size(), change.size());
                  assertEquals(
                      change.get(0) + change.size() - 1,
                      change.get(change.size() - 1),
                      "one change's events are consecutive: " + change);
                  ids.addAll(change);
                }
                return ids;
              };
          writers.add(pool.submit(writer));
        }
        Callable<List<Long>> tail =
            () -> {
              go.await();
              List<Long> seen = new ArrayList<>();
              long last = start;
              while (true) {
                // Read the flag before the query: a query that starts after the writers are
                // done sees all they committed, so an empty answer then means the end.
                boolean done = writersDone.get();
                long after = last;
                List<Event> batch = database.inTransaction(c -> EventLog.readAfter(c, after, 64));
                for (Event event : batch) {
                  seen.add(event.id());
                  last = event.id();
                }
                if (done && batch.isEmpty()) {
                  return seen;
                }
              }
            };
        Future<List<Long>> tailer = pool.submit(tail);

        go.countDown();
        List<Long> written = new ArrayList<>();
        try {
          for (Future<List<Long>> writer : writers) {
            written.addAll(writer.get(2, TimeUnit.MINUTES));
          }
        } finally {
          writersDone.set(true);
        }
        List<Long> seen = tailer.get(2, TimeUnit.MINUTES);

        assertEquals(
            WRITERS * POSTS_PER_WRITER * 3 / 2, new HashSet<>(written).size(), "distinct ids");
        for (int i = 1; i < seen.size(); i++) {
          assertTrue(
              seen.get(i) > seen.get(i - 1),
              "the tailer saw " + seen.get(i) + " after " + seen.get(i - 1));
        }
        Set<Long> missed = new TreeSet<>(written);
        missed.removeAll(seen);
        assertEquals(
            Set.of(),
            missed,
            "ids that committed after a larger id had been read, so a resume skipped them");
        assertEquals(new TreeSet<>(written), new TreeSet<>(seen));
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
