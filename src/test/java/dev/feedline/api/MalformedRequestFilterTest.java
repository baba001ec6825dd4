package dev.feedline.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MalformedRequestFilterTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"", "feed=home", "feed=tag%3Ajava&feed=public", "q=%C3%A9t%C3%A9", "a=%20+b", "x"})
  void percentEncodedUtf8IsAccepted(String query) {
    assertTrue(MalformedRequestFilter.isPercentEncodedUtf8(query), query);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"%", "a=%2", "a=%zz", "a=%ff", "a=%c0%af", "a=%ed%a0%80", "a=%C3", "\u0100"})
  void anythingElseIsRefused(String query) {
    assertFalse(MalformedRequestFilter.isPercentEncodedUtf8(query), query);
  }
}
