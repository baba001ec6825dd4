package dev.feedline.events.entity;

import java.util.OptionalLong;

/**
 * Ids and positions as API.md writes them (post ids, event ids, cursors): decimal strings of ASCII
 * digits and nothing else. Long.parseLong alone would also take a sign and the digits of every
 * other script ("+1", "١").
 */
public final class Ids {
  private static final int MAX_DIGITS = 19;

  private Ids() {}

  /** The value of {@code text} when it is 1 to 19 ASCII digits within a long; else empty. */
  public static OptionalLong parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_DIGITS) {
      return OptionalLong.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
    }
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException overLongMaxValue) {
      return OptionalLong.empty();
    }
  }
}
