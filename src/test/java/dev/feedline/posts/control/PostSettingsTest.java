package dev.feedline.posts.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.errors.AuthenticationRequiredException;
import dev.feedline.errors.InvalidInputException;
import dev.feedline.errors.RateLimitedException;
import dev.feedline.errors.TooLargeException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The posts component takes each of its limits from the setting that names it. */
class PostSettingsTest {
  private static PostSettings settings() {
    PostSettings settings = new PostSettings();
    settings.maxTextLength = 5;
    settings.maxTags = 2;
    settings.maxMentions = 1;
    settings.postsPerMinute = 1;
    settings.maxTrackedKeys = 10;
    settings.publicRead = false;
    return settings;
  }

  @Test
  void postRulesTakeTheTextTagAndMentionLimits() {
    PostRules rules = new PostRules(settings());

    assertEquals("12345", rules.text("12345"));
    assertThrows(TooLargeException.class, () -> rules.text("123456"));
    assertEquals(List.of("a", "b"), rules.explicitTags(List.of("a", "b")));
    assertThrows(InvalidInputException.class, () -> rules.explicitTags(List.of("a", "b", "c")));
    assertEquals(List.of("bob"), rules.mentions("@bob"));
    assertThrows(InvalidInputException.class, () -> rules.mentions("@bob @carol"));
  }

  @Test
  void postAccessTakesPublicRead() {
    assertThrows(
        AuthenticationRequiredException.class,
        () -> new PostAccess(settings()).checkRead("posts", Optional.empty()));
    PostSettings open = settings();
    open.publicRead = true;
    assertDoesNotThrow(() -> new PostAccess(open).checkRead("posts", Optional.empty()));
  }

  @Test
  void postingLimitTakesPostsPerMinute() {
    PostingLimit limit = new PostingLimit(settings());

    limit.check("alice");
    assertThrows(RateLimitedException.class, () -> limit.check("alice"));
    assertDoesNotThrow(() -> limit.check("bob"));
  }

  @Test
  void noTrackedKeysIsRefusedAsBefore() {
    PostSettings none = settings();
    none.maxTrackedKeys = 0;

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new PostingLimit(none));
    assertEquals("A rate limit must track at least one key: 0", e.getMessage());
  }
}
