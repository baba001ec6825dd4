package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.feedline.auth.entity.Caller;
import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.feeds.entity.Feed;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A connection's own view: its feeds and its home's follow set, as the routing rules see them. */
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
