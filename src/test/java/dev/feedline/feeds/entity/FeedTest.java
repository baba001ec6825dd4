package dev.feedline.feeds.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FeedTest {

  @Test
  void homeAndPublicParseToTheirKinds() {
    assertEquals(Feed.HOME, Feed.parse("home"));
    assertEquals(Feed.PUBLIC, Feed.parse("public"));
    assertFalse(Feed.HOME.isPublic());
    assertTrue(Feed.PUBLIC.isPublic());
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "A.b-c_1", "0", "x"})
  void userFeedKeepsTheUserIdAsWritten(String user) {
    Feed feed = Feed.parse("user:" + user);

    assertEquals(new Feed(Feed.Kind.USER, user), feed);
    assertEquals("user:" + user, feed.name());
    assertTrue(feed.isPublic());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "jakarta_ee", "k8s", "0"})
  void tagFeedKeepsTheTag(String tag) {
    Feed feed = Feed.parse("tag:" + tag);

    assertEquals(new Feed(Feed.Kind.TAG, tag), feed);
    assertEquals("tag:" + tag, feed.name());
    assertEquals(feed.name(), feed.toString());
  }

  @Test
  void longestUserIdAndTagAreAccepted() {
    assertEquals("u".repeat(64), Feed.parse("user:" + "u".repeat(64)).key());
    assertEquals("t".repeat(64), Feed.parse("tag:" + "t".repeat(64)).key());
  }

  @Test
  void everyFeedNameParsesBackToItself() {
    for (String name : new String[] {"home", "public", "user:bob", "tag:java"}) {
      assertEquals(name, Feed.parse(name).name());
    }
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "tag:Java",
        "tag:",
        "tag:two words",
        "tag:dash-ed",
        "tag:caf\u00e9",
        "user:",
        "user:a b",
        "user:a/b",
        "user:\u00e9",
        "foo",
        "Home",
        "PUBLIC",
        " home",
        "home ",
        "tags:java",
        "user",
        "tag"
      })
  void malformedNamesAreRefusedSayingWhy(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Feed.parse(name));
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void overlongUserIdOrTagIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Feed.parse("user:" + "u".repeat(65)));
    assertThrows(IllegalArgumentException.class, () -> Feed.parse("tag:" + "t".repeat(65)));
  }
}
