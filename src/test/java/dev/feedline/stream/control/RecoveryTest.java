package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.events.control.EventLog;
import dev.feedline.events.entity.Event;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.follows.control.FollowStore;
import dev.feedline.posts.control.PostStore;
import dev.feedline.store.control.StoreTestCase;
import dev.feedline.store.control.TestDatabases.Kind;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecoveryTest {

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

    private Event post(String author, String... tags) {
      List<String> list = Arrays.asList(tags);
      return new PostStore(database).create(author, "text by " + author, list, list).event();
    }

    private Event follow(String follower, String followee) {
      return new FollowStore(database).follow(follower, followee).get(0);
    }

    private Event unfollow(String follower, String followee) {
      return new FollowStore(database).unfollow(follower, followee).get(0);
    }

    private static Recovery.Request request(String feed, Long since) {
      return new Recovery.Request(Feed.parse(feed), since, null);
    }

    private Recovery.Result recover(
        int maxReplay, long upTo, long lastSent, String user, Recovery.Request... requests) {
      return new Recovery(database, maxReplay)
          .recover(new Recovery.Plan(upTo, lastSent, user, Set.of(), List.of(requests)));
    }

    private Recovery.Result recover(long upTo, String user, Recovery.Request... requests) {
      return recover(10_000, upTo, 0, user, requests);
    }

    private static JsonObject parse(String frame) {
      return Json.createReader(new StringReader(frame)).readObject();
    }

    private static List<Long> ids(Recovery.Result result) {
      return result.frames().stream().map(f -> Long.parseLong(parse(f).getString("id"))).toList();
    }

    private static List<List<String>> feeds(Recovery.Result result) {
      return result.frames().stream()
          .map(f -> parse(f).getJsonArray("feeds").getValuesAs(JsonString::getString))
          .toList();
    }

    private static Set<Feed> feedSet(String... names) {
      return Arrays.stream(names).map(Feed::parse).collect(java.util.stream.Collectors.toSet());
    }

    private static String tag(String name) {
      return user(name).toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void replaysTheRequestedFeedsEventsAfterSinceUpToUpToInIdOrder() {
      String bob = user("bob");
      String carol = user("carol");
      String t = tag("t");
      long start = lastEventId();
      Event e1 = post(bob, t);
      Event e2 = post(carol, t);
      Event e3 = post(bob);
      Event e4 = post(bob, t);
      post(bob, t); // after upTo

      Recovery.Result result =
          recover(e4.id(), null, request("user:" + bob, e1.id()), request("tag:" + t, start));

      assertEquals(List.of(e1.id(), e2.id(), e3.id(), e4.id()), ids(result));
      assertEquals(
          List.of(
              List.of("tag:" + t),
              List.of("tag:" + t),
              List.of("user:" + bob),
              List.of("user:" + bob, "tag:" + t)),
          feeds(result));
      assertEquals(Set.of(), result.resets());
      assertEquals(e4.id(), result.lastFrameId());
    }

    @Test
    void replayedFramesAreTheEventsEnvelopes() {
      String bob = user("bob");
      long start = lastEventId();
      Event e1 = post(bob, "x");

      Recovery.Result result = recover(e1.id(), null, request("user:" + bob, start));

      JsonObject frame = parse(result.frames().get(0));
      assertEquals(Long.toString(e1.id()), frame.getString("id"));
      assertEquals("post.created", frame.getString("type"));
      assertEquals(parse(e1.data()), frame.getJsonObject("data"));
    }

    @Test
    void sinceAtUpToReplaysNothing() {
      String bob = user("bob");
      Event e1 = post(bob);

      Recovery.Result result = recover(e1.id(), null, request("user:" + bob, e1.id()));

      assertEquals(List.of(), result.frames());
      assertEquals(Set.of(), result.resets());
    }

    @Test
    void aRequestWithoutSinceReplaysNothing() {
      String bob = user("bob");
      long start = lastEventId();
      post(bob);
      Event e2 = post(bob);

      Recovery.Result result = recover(e2.id(), null, request("user:" + bob, null));

      assertEquals(List.of(), result.frames());
      assertEquals(Set.of(), result.resets());
      assertTrue(start < e2.id());
    }

    @Test
    void sinceOlderThanTheFirstRetainedEventGivesResetForThatFeed() {
      String bob = user("bob");
      long start = lastEventId();
      post(bob);
      post(bob);
      Event e3 = post(bob);
      Event e4 = post(bob);
      Event e5 = post(bob);
      database.inTransaction(c -> EventLog.prune(c, 2));
      long firstRetained = database.inTransaction(EventLog::firstRetainedId);
      assertEquals(e4.id(), firstRetained);

      Recovery.Result tooOld = recover(e5.id(), null, request("user:" + bob, start));
      assertEquals(feedSet("user:" + bob), tooOld.resets());
      assertEquals(List.of(), tooOld.frames());

      Recovery.Result justRetained = recover(e5.id(), null, request("user:" + bob, e3.id()));
      assertEquals(Set.of(), justRetained.resets());
      assertEquals(List.of(e4.id(), e5.id()), ids(justRetained));
    }

    @Test
    void sinceNewerThanTheNewestEventGivesResetOnlyForThatFeed() {
      String bob = user("bob");
      String ahead = "tag:" + tag("ahead");
      long start = lastEventId();
      Event e1 = post(bob, tag("x"));
      long newest = lastEventId();

      Recovery.Result result =
          recover(e1.id(), null, request(ahead, newest + 5), request("user:" + bob, start));

      assertEquals(feedSet(ahead), result.resets());
      assertEquals(List.of(e1.id()), ids(result));
      assertEquals(List.of(List.of("user:" + bob)), feeds(result));
    }

    @Test
    void homeReplayUsesTheFollowSetAsItWasAtEachEvent() {
      String alice = user("alice");
      String bob = user("bob");
      String carol = user("carol");
      long start = lastEventId();
      Event beforeFollow = post(bob);
      follow(alice, bob);
      Event whileFollowing = post(bob);
      Event own = post(alice);
      Event stranger = post(carol);
      unfollow(alice, bob);
      Event afterUnfollow = post(bob);
      long upTo = lastEventId();

      Recovery.Result result = recover(upTo, alice, request("home", start));

      assertEquals(List.of(whileFollowing.id(), own.id()), ids(result));
      assertEquals(List.of(List.of("home"), List.of("home")), feeds(result));
      assertEquals(Set.of(), result.followingAtUpTo());
      assertTrue(beforeFollow.id() < stranger.id() && stranger.id() < afterUnfollow.id());
    }

    @Test
    void homeReplayKeepsAFolloweeWhoWasUnfollowedAfterUpTo() {
      String alice = user("alice");
      String bob = user("bob");
      follow(alice, bob);
      long start = lastEventId();
      Event e1 = post(bob);
      long upTo = e1.id();
      unfollow(alice, bob);
      post(bob);

      Recovery.Result result = recover(upTo, alice, request("home", start));

      assertEquals(List.of(e1.id()), ids(result));
      assertEquals(Set.of(bob), result.followingAtUpTo(), "the follow set as of upTo, not now");
    }

    @Test
    void followSetAtUpToLeavesOutFollowsMadeAfterIt() {
      String alice = user("alice");
      String bob = user("bob");
      String carol = user("carol");
      follow(alice, bob);
      long upTo = lastEventId();
      follow(alice, carol);

      Recovery.Result result = recover(upTo, alice, request("home", null));

      assertEquals(Set.of(bob), result.followingAtUpTo());
      assertEquals(List.of(), result.frames());
    }

    @Test
    void eventsAtOrBelowLastSentAreNotReplayedAndAHoleThereGivesReset() {
      String bob = user("bob");
      String carol = user("carol");
      long start = lastEventId();
      Event p1 = post(bob);
      Event p2 = post(bob);
      Event c3 = post(carol);
      Event p4 = post(bob);

      Recovery.Result result =
          recover(
              10_000,
              p4.id(),
              p2.id(),
              null,
              request("user:" + bob, start),
              request("user:" + carol, start));

      assertEquals(List.of(c3.id(), p4.id()), ids(result));
      assertEquals(feedSet("user:" + bob), result.resets());
      assertEquals(p4.id(), result.lastFrameId());
      assertTrue(p1.id() < p2.id());
    }

    @Test
    void nothingToReplayKeepsLastSentAsLastFrameId() {
      String bob = user("bob");
      Event p1 = post(bob);

      Recovery.Result result =
          recover(10_000, p1.id(), p1.id(), null, request("user:" + bob, p1.id()));

      assertEquals(p1.id(), result.lastFrameId());
      assertEquals(List.of(), result.frames());
    }

    @Test
    void moreThanMaxReplayEventsGivesResetInsteadOfAPartialReplay() {
      String bob = user("bob");
      long start = lastEventId();
      post(bob);
      post(bob);
      Event e3 = post(bob);

      Recovery.Result exactly = recover(3, e3.id(), 0, null, request("user:" + bob, start));
      assertEquals(3, exactly.frames().size());
      assertEquals(Set.of(), exactly.resets());

      Recovery.Result over = recover(2, e3.id(), 0, null, request("user:" + bob, start));
      assertEquals(List.of(), over.frames());
      assertEquals(feedSet("user:" + bob), over.resets());
      assertEquals(0, over.lastFrameId());
    }

    @Test
    void eventsAfterUpToDoNotCountTowardsMaxReplay() {
      String bob = user("bob");
      long start = lastEventId();
      post(bob);
      Event e2 = post(bob);
      post(bob);
      post(bob);

      Recovery.Result result = recover(2, e2.id(), 0, null, request("user:" + bob, start));

      assertEquals(2, result.frames().size());
      assertEquals(Set.of(), result.resets());
    }
  }
}
