package dev.feedline.posts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.errors.TooLargeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostRulesTest {
  private final PostRules rules = new PostRules(500, 10, 20);

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "   ", "\n\t ", "\u2003"})
  void blankTextIsABadRequest(String text) {
    assertThrows(InvalidInputException.class, () -> rules.text(text));
  }

  @Test
  void textUpToTheLimitIsKeptAsIs() {
    String text = "x".repeat(500);
    assertEquals(text, rules.text(text));
    assertEquals("  padded  ", rules.text("  padded  "));
  }

  @Test
  void textOverTheLimitIsTooLargeNotCut() {
    assertThrows(TooLargeException.class, () -> rules.text("x".repeat(501)));
  }

  @Test
  void lengthCountsCodePointsSoEmojiCountOnce() {
    String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 chars
    String full = emoji.repeat(500);
    assertEquals(1000, full.length());

    assertEquals(full, rules.text(full));
    assertThrows(TooLargeException.class, () -> rules.text(emoji.repeat(501)));
  }

  @Test
  void explicitTagsAreLowerCasedWithoutRepeats() {
    assertEquals(
        List.of("java", "jakarta_ee", "k8s"),
        rules.explicitTags(List.of("Java", "JAKARTA_EE", "java", "k8s")));
  }

  @Test
  void noExplicitTagsIsAnEmptyList() {
    assertEquals(List.of(), rules.explicitTags(null));
    assertEquals(List.of(), rules.explicitTags(List.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "two words", "dash-ed", "c++", "#java", "caf\u00e9"})
  void malformedExplicitTagIsABadRequest(String tag) {
    assertThrows(InvalidInputException.class, () -> rules.explicitTags(List.of(tag)));
  }

  @Test
  void nullOrOverlongExplicitTagIsABadRequest() {
    assertThrows(InvalidInputException.class, () -> rules.explicitTags(Arrays.asList("ok", null)));
    assertEquals(List.of("a".repeat(64)), rules.explicitTags(List.of("a".repeat(64))));
    assertThrows(InvalidInputException.class, () -> rules.explicitTags(List.of("a".repeat(65))));
  }

  @Test
  void hashtagsAreExtractedLowerCasedAndDeduplicated() {
    assertEquals(
        List.of("java", "kotlin"),
        rules.allTags(List.of(), "#Java and #java, then #JAVA. Also #Kotlin!"));
  }

  @Test
  void explicitTagsComeFirstAndAHashtagRepeatingOneIsNotAdded() {
    assertEquals(
        List.of("news", "java"), rules.allTags(List.of("news", "java"), "#News about #java"));
    assertEquals(List.of("news", "java"), rules.allTags(List.of("news"), "more #java"));
  }

  @Test
  void hashSignInsideAWordIsNotAHashtag() {
    assertEquals(List.of(), rules.allTags(List.of(), "C# and a#b and mail@host#x and ##double"));
    assertEquals(List.of("start", "end"), rules.allTags(List.of(), "#start (x) #end"));
  }

  @Test
  void hashtagLongerThanATagIsIgnoredNotCut() {
    assertEquals(List.of(), rules.allTags(List.of(), "#" + "a".repeat(65)));
  }

  /** Like an over-long one, a #word with a non-ASCII letter is not a tag; its ASCII head is not. */
  @Test
  void hashtagRunningIntoANonAsciiLetterIsNotCutShort() {
    List<String> tags = rules.allTags(List.of(), "Meet at the #caf\u00e9, say #na\u00efve things");

    assertFalse(tags.contains("caf"), tags.toString());
    assertFalse(tags.contains("na"), tags.toString());
  }

  @Test
  void textWithoutHashtagsHasOnlyTheExplicitTags() {
    assertEquals(List.of("a"), rules.allTags(List.of("a"), "plain text # alone"));
  }

  @Test
  void tenTagsAreAllowed() {
    List<String> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add("t" + i);
    }
    assertEquals(ten, rules.explicitTags(ten));
    assertEquals(ten, rules.allTags(ten, "#t0 #t9 repeat ones already there"));
  }

  @Test
  void moreThanTheTagLimitIsABadRequest() {
    List<String> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add("t" + i);
    }
    assertThrows(InvalidInputException.class, () -> rules.explicitTags(eleven));
  }

  @Test
  void explicitTagsAndHashtagsTogetherCountAgainstTheLimit() {
    List<String> nine = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      nine.add("t" + i);
    }
    assertEquals(10, rules.allTags(nine, "one more #extra").size());
    assertThrows(InvalidInputException.class, () -> rules.allTags(nine, "#extra #another"));
  }

  @Test
  void repeatedTagsCountOnceTowardsTheLimit() {
    List<String> sameTagElevenTimes = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      sameTagElevenTimes.add(i % 2 == 0 ? "Java" : "java");
    }
    assertEquals(List.of("java"), rules.explicitTags(sameTagElevenTimes));
  }

  @Test
  void mentionsAreAtNamesOutsideWordsAndAddressesEachOnceInOrder() {
    assertEquals(
        List.of("bob", "carol.k", "dan-1", "erin_2"),
        rules.mentions("@bob hi @carol.k, (@dan-1) @bob and @erin_2. @bob"));
    assertEquals(List.of(), rules.mentions("mail me@example.com or a@b.c, not@here"));
    assertEquals(List.of(), rules.mentions("@remote@example.social is not local"));
    assertEquals(List.of(), rules.mentions("@" + "x".repeat(65) + " is too long for an id"));
    assertEquals(List.of("Bob"), rules.mentions("Thanks @Bob."));
    assertEquals(List.of(), rules.mentions("an @ alone, and @. too"));
  }

  @Test
  void moreMentionsThanTheLimitAreRefusedNeverCut() {
    PostRules two = new PostRules(500, 10, 2);
    assertEquals(List.of("a", "b"), two.mentions("@a @b @a"));
    assertThrows(InvalidInputException.class, () -> two.mentions("@a @b @c"));
  }
}
