package dev.feedline.feeds.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.api.ApiException;
import dev.feedline.auth.entity.Caller;
import dev.feedline.feeds.entity.Feed;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FeedAccessTest {
  private static final Optional<Caller> ALICE = Optional.of(new Caller("alice", Set.of("user")));

  @Test
  void malformedFeedIsABadFeedError() {
    ApiException e = assertThrows(ApiException.class, () -> FeedAccess.parse("tag:Java"));
    assertEquals(400, e.status());
    assertEquals("bad_feed", e.code());
  }

  @Test
  void wellFormedFeedParses() {
    assertEquals(new Feed(Feed.Kind.TAG, "java"), FeedAccess.parse("tag:java"));
  }

  @Test
  void homeNeedsACallerEvenWithPublicRead() {
    ApiException e =
        assertThrows(
            ApiException.class, () -> new FeedAccess(true).checkRead(Feed.HOME, Optional.empty()));
    assertEquals(401, e.status());
    assertEquals("unauthorized", e.code());
    assertDoesNotThrow(() -> new FeedAccess(true).checkRead(Feed.HOME, ALICE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"public", "user:bob", "tag:java"})
  void publicFeedsAreReadableWithoutACallerWhilePublicReadIsOn(String name) {
    assertDoesNotThrow(() -> new FeedAccess(true).checkRead(Feed.parse(name), Optional.empty()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"public", "user:bob", "tag:java"})
  void publicFeedsNeedACallerWhilePublicReadIsOff(String name) {
    FeedAccess access = new FeedAccess(false);

    ApiException e =
        assertThrows(
            ApiException.class, () -> access.checkRead(Feed.parse(name), Optional.empty()));
    assertEquals(401, e.status());
    assertDoesNotThrow(() -> access.checkRead(Feed.parse(name), ALICE));
  }
}
