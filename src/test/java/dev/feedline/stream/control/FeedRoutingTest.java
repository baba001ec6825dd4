package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.feeds.entity.Feed;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The routing rules, as live delivery and replay both apply them. */
class FeedRoutingTest {
  private static long ids;

  private static Event post(String author, String... tags) {
    return post(EventType.POST_CREATED, author, tags);
  }

  private static Event post(EventType type, String author, String... tags) {
    long id = ++ids;
    return new Event(id, type, id, author, null, List.of(tags), "{}", Instant.EPOCH);
  }

  private static Event follow(EventType type, String follower, String followee) {
    return new Event(++ids, type, null, follower, followee, List.of(), "{}", Instant.EPOCH);
  }

  /** A reader of feeds, with the follow set behind its home. */
  private record Reader(String user, Set<Feed> feeds, Set<String> following) {
    List<String> matching(Event event) {
      return FeedRouting.matching(event, feeds, following, user);
    }
  }

  private static Reader reader(String user, String... feeds) {
    Set<Feed> subscribed = new LinkedHashSet<>();
    for (String feed : feeds) {
      subscribed.add(Feed.parse(feed));
    }
    return new Reader(user, subscribed, new HashSet<>());
  }

  private static Event marker(String owner) {
    return new Event(
        ++ids, EventType.MARKER_UPDATED, null, owner, "home", List.of(), "{}", Instant.EPOCH);
  }

  @Test
  void markersFeedMatchesOnlyItsOwnersMarkerChanges() {
    Reader alice = reader("alice", "markers", "public", "home", "user:alice");
    Reader bob = reader("bob", "markers", "public", "user:alice");

    assertEquals(List.of("markers"), alice.matching(marker("alice")));
    assertEquals(List.of(), bob.matching(marker("alice")), "nobody else's markers");
    assertEquals(List.of("public", "home", "user:alice"), alice.matching(post("alice")));
    assertEquals(List.of(), reader("alice", "markers").matching(post("alice")));
    assertEquals(List.of(), reader(null, "public").matching(marker("alice")));
  }

  private static Event notification(EventType type, String recipient) {
    return new Event(++ids, type, null, recipient, "like", List.of(), "{}", Instant.EPOCH);
  }

  @Test
  void notificationsFeedMatchesOnlyItsOwnersNotifications() {
    Reader alice = reader("alice", "notifications", "public", "home", "user:alice");
    Reader bob = reader("bob", "notifications", "markers", "public", "user:alice");

    for (EventType type : List.of(EventType.NOTIFICATION_CREATED, EventType.NOTIFICATION_DELETED)) {
      assertEquals(List.of("notifications"), alice.matching(notification(type, "alice")));
      assertEquals(List.of(), bob.matching(notification(type, "alice")), "nobody else's");
    }
    assertEquals(List.of(), reader("alice", "notifications").matching(post("alice")));
    assertEquals(List.of(), reader("alice", "notifications").matching(marker("alice")));
  }

  @Test
  void publicMatchesEveryPost() {
    Reader c = reader(null, "public");

    assertEquals(List.of("public"), c.matching(post("bob")));
    assertEquals(List.of("public"), c.matching(post("carol", "java")));
  }

  @Test
  void userFeedMatchesOnlyThatAuthorsPosts() {
    Reader c = reader(null, "user:bob");

    assertEquals(List.of("user:bob"), c.matching(post("bob")));
    assertEquals(List.of(), c.matching(post("bobby")));
    assertEquals(List.of(), c.matching(post("carol", "bob")));
  }

  @Test
  void tagFeedMatchesPostsCarryingTheTag() {
    Reader c = reader(null, "tag:java");

    assertEquals(List.of("tag:java"), c.matching(post("bob", "kotlin", "java")));
    assertEquals(List.of(), c.matching(post("bob", "javascript")));
    assertEquals(List.of(), c.matching(post("java")));
  }

  @Test
  void homeMatchesOwnPostsAndFolloweesPostsOnly() {
    Reader c = reader("alice", "home");
    c.following().add("bob");

    assertEquals(List.of("home"), c.matching(post("alice")));
    assertEquals(List.of("home"), c.matching(post("bob")));
    assertEquals(List.of(), c.matching(post("carol")));
  }

  @Test
  void everyVisibleEventKindMatches() {
    Reader c = reader("alice", "user:bob");

    for (EventType type :
        List.of(
            EventType.POST_CREATED,
            EventType.POST_UPDATED,
            EventType.POST_DELETED,
            EventType.POST_STATS)) {
      assertEquals(List.of("user:bob"), c.matching(post(type, "bob")), type.name());
    }
  }

  @Test
  void followEventsAreNeverVisible() {
    Reader c = reader("alice", "public", "home", "user:alice", "user:bob");
    c.following().add("bob");

    assertEquals(List.of(), c.matching(follow(EventType.FOLLOW_CREATED, "alice", "bob")));
    assertEquals(List.of(), c.matching(follow(EventType.FOLLOW_DELETED, "alice", "bob")));
    assertEquals(List.of(), c.matching(follow(EventType.FOLLOW_CREATED, "bob", "alice")));
  }

  @Test
  void feedsAreListedInSubscriptionOrder() {
    Reader c = reader("alice", "tag:java", "home", "public", "user:alice", "tag:jvm");

    assertEquals(
        List.of("tag:java", "home", "public", "user:alice", "tag:jvm"),
        c.matching(post("alice", "jvm", "java")));

    Reader other = reader("alice", "user:alice", "public", "tag:java");
    assertEquals(
        List.of("user:alice", "public", "tag:java"), other.matching(post("alice", "java")));
  }

  @Test
  void onlyTheMatchingFeedsAreListed() {
    Reader c = reader("alice", "public", "tag:java", "user:carol", "home");
    c.following().add("bob");

    assertEquals(List.of("public", "home"), c.matching(post("bob", "go")));
    assertEquals(List.of("public", "tag:java", "user:carol"), c.matching(post("carol", "java")));
  }

  @Test
  void noFeedsMatchNothing() {
    assertEquals(List.of(), reader("alice").matching(post("alice")));
  }

  @Test
  void applyFollowAddsAndRemovesTheUsersFollowees() {
    Set<String> following = new HashSet<>();

    assertTrue(
        FeedRouting.applyFollow(
            follow(EventType.FOLLOW_CREATED, "alice", "bob"), following, "alice"));
    assertEquals(Set.of("bob"), following);
    assertFalse(
        FeedRouting.applyFollow(
            follow(EventType.FOLLOW_CREATED, "alice", "bob"), following, "alice"),
        "no change the second time");
    assertTrue(
        FeedRouting.applyFollow(
            follow(EventType.FOLLOW_DELETED, "alice", "bob"), following, "alice"));
    assertEquals(Set.of(), following);
    assertFalse(
        FeedRouting.applyFollow(
            follow(EventType.FOLLOW_DELETED, "alice", "bob"), following, "alice"));
  }

  @Test
  void applyFollowIgnoresOtherUsersFollowsPostsAndAnonymousConnections() {
    Set<String> following = new HashSet<>(Set.of("carol"));

    assertFalse(
        FeedRouting.applyFollow(
            follow(EventType.FOLLOW_CREATED, "bob", "dave"), following, "alice"));
    assertFalse(
        FeedRouting.applyFollow(
            follow(EventType.FOLLOW_DELETED, "bob", "carol"), following, "alice"));
    assertFalse(FeedRouting.applyFollow(post("alice"), following, "alice"));
    assertFalse(
        FeedRouting.applyFollow(
            follow(EventType.FOLLOW_CREATED, "alice", "dave"), following, null));
    assertEquals(Set.of("carol"), following);
  }

  @Test
  void undoFollowTakesBackEachKindOfFollowChange() {
    Set<String> following = new HashSet<>(Set.of("bob"));

    FeedRouting.undoFollow(follow(EventType.FOLLOW_CREATED, "alice", "bob"), following);
    assertEquals(Set.of(), following);
    FeedRouting.undoFollow(follow(EventType.FOLLOW_DELETED, "alice", "carol"), following);
    assertEquals(Set.of("carol"), following);
    FeedRouting.undoFollow(post("alice"), following);
    assertEquals(Set.of("carol"), following);
  }
}
