package dev.feedline.feeds.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.auth.entity.Caller;
import dev.feedline.errors.AuthenticationRequiredException;
import dev.feedline.errors.InvalidFeedException;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.posts.control.PostAccess;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedAccessTest {
  private static final Optional<Caller> ALICE = Optional.of(new Caller("alice", Set.of("user")));

  @Test
  void malformedFeedIsABadFeedError() {
    assertThrows(InvalidFeedException.class, () -> FeedAccess.parse("tag:Java"));
  }

  @Test
  void wellFormedFeedParses() {
    assertEquals(new Feed(Feed.Kind.TAG, "java"), FeedAccess.parse("tag:java"));
  }

  @Test
  void homeNeedsACallerEvenWithPublicRead() {
    assertThrows(
        AuthenticationRequiredException.class,
        () -> new FeedAccess(new PostAccess(true)).checkRead(Feed.HOME, Optional.empty()));
    assertDoesNotThrow(() -> new FeedAccess(new PostAccess(true)).checkRead(Feed.HOME, ALICE));
  }

  @Test
  void markersNeedACallerAndHaveNoPages() {
    assertThrows(
        AuthenticationRequiredException.class,
        () -> new FeedAccess(new PostAccess(true)).checkRead(Feed.MARKERS, Optional.empty()));
    assertDoesNotThrow(() -> new FeedAccess(new PostAccess(true)).checkRead(Feed.MARKERS, ALICE));
    assertEquals(Feed.MARKERS, FeedAccess.parse("markers"));
    assertThrows(InvalidFeedException.class, () -> FeedAccess.parseWithPosts("markers"));
    assertEquals(Feed.HOME, FeedAccess.parseWithPosts("home"));
  }

  @Test
  void homeIsReadByItsCallerWhilePublicReadIsOff() {
    FeedAccess access = new FeedAccess(new PostAccess(false));

    assertThrows(
        AuthenticationRequiredException.class, () -> access.checkRead(Feed.HOME, Optional.empty()));
    assertDoesNotThrow(() -> access.checkRead(Feed.HOME, ALICE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"public", "user:bob", "tag:java"})
  void publicFeedsAreReadableWithoutACallerWhilePublicReadIsOn(String name) {
    assertDoesNotThrow(
        () -> new FeedAccess(new PostAccess(true)).checkRead(Feed.parse(name), Optional.empty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"public", "user:bob", "tag:java"})
  void publicFeedsNeedACallerWhilePublicReadIsOff(String name) {
    FeedAccess access = new FeedAccess(new PostAccess(false));

    assertThrows(
        AuthenticationRequiredException.class,
        () -> access.checkRead(Feed.parse(name), Optional.empty()));
    assertDoesNotThrow(() -> access.checkRead(Feed.parse(name), ALICE));
  }
}
