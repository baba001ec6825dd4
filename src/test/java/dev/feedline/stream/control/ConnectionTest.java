package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.auth.entity.Caller;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.feeds.entity.Feed;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionTest {
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

  private static Connection connection(String user, String... feeds) {
    Caller caller = user == null ? null : new Caller(user, Set.of("user"));
    Subscriber subscriber =
        new Subscriber(new RecordingTransport(RecordingTransport.Mode.INLINE), 1000, Runnable::run);
    Connection connection = new Connection("c-" + ++ids, caller, subscriber);
    for (String feed : feeds) {
      connection.feeds().add(Feed.parse(feed));
    }
    return connection;
  }

  private static Event marker(String owner) {
    return new Event(
        ++ids, EventType.MARKER_UPDATED, null, owner, "home", List.of(), "{}", Instant.EPOCH);
  }

  @Test
  void markersFeedMatchesOnlyItsOwnersMarkerChanges() {
    Connection alice = connection("alice", "markers", "public", "home", "user:alice");
    Connection bob = connection("bob", "markers", "public", "user:alice");

    assertEquals(List.of("markers"), alice.matching(marker("alice")));
    assertEquals(List.of(), bob.matching(marker("alice")), "nobody else's markers");
    assertEquals(List.of("public", "home", "user:alice"), alice.matching(post("alice")));
    assertEquals(List.of(), connection("alice", "markers").matching(post("alice")));
    assertEquals(List.of(), connection(null, "public").matching(marker("alice")));
  }

  private static Event notification(EventType type, String recipient) {
    return new Event(++ids, type, null, recipient, "like", List.of(), "{}", Instant.EPOCH);
  }

  @Test
  void notificationsFeedMatchesOnlyItsOwnersNotifications() {
    Connection alice = connection("alice", "notifications", "public", "home", "user:alice");
    Connection bob = connection("bob", "notifications", "markers", "public", "user:alice");

    for (EventType type : List.of(EventType.NOTIFICATION_CREATED, EventType.NOTIFICATION_DELETED)) {
      assertEquals(List.of("notifications"), alice.matching(notification(type, "alice")));
      assertEquals(List.of(), bob.matching(notification(type, "alice")), "nobody else's");
    }
    assertEquals(List.of(), connection("alice", "notifications").matching(post("alice")));
    assertEquals(List.of(), connection("alice", "notifications").matching(marker("alice")));
  }

  @Test
  void publicMatchesEveryPost() {
    Connection c = connection(null, "public");

    assertEquals(List.of("public"), c.matching(post("bob")));
    assertEquals(List.of("public"), c.matching(post("carol", "java")));
  }

  @Test
  void userFeedMatchesOnlyThatAuthorsPosts() {
    Connection c = connection(null, "user:bob");

    assertEquals(List.of("user:bob"), c.matching(post("bob")));
    assertEquals(List.of(), c.matching(post("bobby")));
    assertEquals(List.of(), c.matching(post("carol", "bob")));
  }

  @Test
  void tagFeedMatchesPostsCarryingTheTag() {
    Connection c = connection(null, "tag:java");

    assertEquals(List.of("tag:java"), c.matching(post("bob", "kotlin", "java")));
    assertEquals(List.of(), c.matching(post("bob", "javascript")));
    assertEquals(List.of(), c.matching(post("java")));
  }

  @Test
  void homeMatchesOwnPostsAndFolloweesPostsOnly() {
    Connection c = connection("alice", "home");
    c.following().add("bob");

    assertEquals(List.of("home"), c.matching(post("alice")));
    assertEquals(List.of("home"), c.matching(post("bob")));
    assertEquals(List.of(), c.matching(post("carol")));
  }

  @Test
  void everyVisibleEventKindMatches() {
    Connection c = connection("alice", "user:bob");

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
    Connection c = connection("alice", "public", "home", "user:alice", "user:bob");
    c.following().add("bob");

    assertEquals(List.of(), c.matching(follow(EventType.FOLLOW_CREATED, "alice", "bob")));
    assertEquals(List.of(), c.matching(follow(EventType.FOLLOW_DELETED, "alice", "bob")));
    assertEquals(List.of(), c.matching(follow(EventType.FOLLOW_CREATED, "bob", "alice")));
  }

  @Test
  void feedsAreListedInSubscriptionOrder() {
    Connection c = connection("alice", "tag:java", "home", "public", "user:alice", "tag:jvm");

    assertEquals(
        List.of("tag:java", "home", "public", "user:alice", "tag:jvm"),
        c.matching(post("alice", "jvm", "java")));

    Connection other = connection("alice", "user:alice", "public", "tag:java");
    assertEquals(
        List.of("user:alice", "public", "tag:java"), other.matching(post("alice", "java")));
  }

  @Test
  void onlyTheMatchingFeedsAreListed() {
    Connection c = connection("alice", "public", "tag:java", "user:carol", "home");
    c.following().add("bob");

    assertEquals(List.of("public", "home"), c.matching(post("bob", "go")));
    assertEquals(List.of("public", "tag:java", "user:carol"), c.matching(post("carol", "java")));
  }

  @Test
  void noFeedsMatchNothing() {
    assertEquals(List.of(), connection("alice").matching(post("alice")));
  }

  @Test
  void applyFollowAddsAndRemovesTheUsersFollowees() {
    Set<String> following = new HashSet<>();

    assertTrue(
        Connection.applyFollow(
            follow(EventType.FOLLOW_CREATED, "alice", "bob"), following, "alice"));
    assertEquals(Set.of("bob"), following);
    assertFalse(
        Connection.applyFollow(
            follow(EventType.FOLLOW_CREATED, "alice", "bob"), following, "alice"),
        "no change the second time");
    assertTrue(
        Connection.applyFollow(
            follow(EventType.FOLLOW_DELETED, "alice", "bob"), following, "alice"));
    assertEquals(Set.of(), following);
    assertFalse(
        Connection.applyFollow(
            follow(EventType.FOLLOW_DELETED, "alice", "bob"), following, "alice"));
  }

  @Test
  void applyFollowIgnoresOtherUsersFollowsPostsAndAnonymousConnections() {
    Set<String> following = new HashSet<>(Set.of("carol"));

    assertFalse(
        Connection.applyFollow(
            follow(EventType.FOLLOW_CREATED, "bob", "dave"), following, "alice"));
    assertFalse(
        Connection.applyFollow(
            follow(EventType.FOLLOW_DELETED, "bob", "carol"), following, "alice"));
    assertFalse(Connection.applyFollow(post("alice"), following, "alice"));
    assertFalse(
        Connection.applyFollow(follow(EventType.FOLLOW_CREATED, "alice", "dave"), following, null));
    assertEquals(Set.of("carol"), following);
  }

  @Test
  void aFollowAppliedToTheConnectionChangesWhatItsHomeMatches() {
    Connection c = connection("alice", "home");
    Event bobsPost = post("bob");
    assertEquals(List.of(), c.matching(bobsPost));

    c.applyFollow(follow(EventType.FOLLOW_CREATED, "alice", "bob"));
    assertEquals(List.of("home"), c.matching(bobsPost));

    c.applyFollow(follow(EventType.FOLLOW_DELETED, "alice", "bob"));
    assertEquals(List.of(), c.matching(bobsPost));
  }
}
