package dev.feedline.posts.control;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.errors.TooLargeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a post must be: text of 1 to N characters, not blank; tags from {@code tags} and from {@code
 * #words} in the text, lower-cased, at most M; mentions from {@code @names} in the text, at most K.
 * A broken limit is refused, never cut.
 */
@ApplicationScoped
public class PostRules {
  public static final Pattern TAG = Pattern.compile("[a-z0-9_]{1,64}");
  private static final Pattern HASHTAG =
      Pattern.compile("(?<![\\p{L}\\p{N}_#])#([A-Za-z0-9_]{1,64})(?![\\p{L}\\p{N}_])");
  // A user id after an @ that does not end a word or an address part (a@b.c), and is not followed
  // by more of a name or address: an over-long run is no mention rather than a cut one.
  private static final Pattern MENTION =
      Pattern.compile("(?<![\\p{L}\\p{N}_.@-])@([A-Za-z0-9_.-]{1,64})(?![\\p{L}\\p{N}_.@-])");
  // A sentence may end right after a name: "thanks @bob." mentions bob.
  private static final Pattern TRAILING_DOTS = Pattern.compile("\\.+$");

  private int maxTextLength;
  private int maxTags;
  private int maxMentions;

  PostRules() {}

  @Inject
  public PostRules(PostSettings settings) {
    this(settings.maxTextLength(), settings.maxTags(), settings.maxMentions());
  }

  /** Rules with these limits, as tests make them without a container. */
  public PostRules(int maxTextLength, int maxTags, int maxMentions) {
    this.maxTextLength = maxTextLength;
    this.maxTags = maxTags;
    this.maxMentions = maxMentions;
  }

  /** The text, checked. */
  public String text(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("text is required and must not be blank.");
    }
    int length = text.codePointCount(0, text.length());
    if (length > maxTextLength) {
      throw new TooLargeException(
          "text is " + length + " characters; at most " + maxTextLength + " are allowed.");
    }
    return text;
  }

  /** The explicit tags, lower-cased and checked, without repeats. */
  public List<String> explicitTags(List<String> tags) {
    if (tags == null) {
      return List.of();
    }
    Set<String> result = new LinkedHashSet<>();
    for (String tag : tags) {
      String lower = tag == null ? "" : tag.toLowerCase(Locale.ROOT);
      if (!TAG.matcher(lower).matches()) {
        throw new InvalidInputException("Each tag must match [a-z0-9_]{1,64} (case is ignored).");
      }
      result.add(lower);
    }
    return checkCount(new ArrayList<>(result));
  }

  /** All tags of a post: the explicit ones, then the text's #words, without repeats. */
  public List<String> allTags(List<String> explicitTags, String text) {
    Set<String> result = new LinkedHashSet<>(explicitTags);
    Matcher matcher = HASHTAG.matcher(text);
    while (matcher.find()) {
      result.add(matcher.group(1).toLowerCase(Locale.ROOT));
    }
    return checkCount(new ArrayList<>(result));
  }

  /** The user ids the text mentions as {@code @name}, in order, each once; at most M. */
  public List<String> mentions(String text) {
    Set<String> result = new LinkedHashSet<>();
    Matcher matcher = MENTION.matcher(text);
    while (matcher.find()) {
      String name = TRAILING_DOTS.matcher(matcher.group(1)).replaceFirst("");
      if (!name.isEmpty()) {
        result.add(name);
      }
    }
    if (result.size() > maxMentions) {
      throw new InvalidInputException(
          "A post mentions at most "
              + maxMentions
              + " people; this one mentions "
              + result.size()
              + ".");
    }
    return new ArrayList<>(result);
  }

  private List<String> checkCount(List<String> tags) {
    if (tags.size() > maxTags) {
      throw new InvalidInputException(
          "A post carries at most " + maxTags + " tags; this one has " + tags.size() + ".");
    }
    return tags;
  }
}
