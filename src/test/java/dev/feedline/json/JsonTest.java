package dev.feedline.json;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static String nested(int depth, String open, String close) {
    return open.repeat(depth) + close.repeat(depth);
  }

  @Test
  void nestingUpToTheLimitIsParsed() {
    assertEquals(
        JsonValue.ValueType.ARRAY, Json.parseOne(nested(Json.MAX_DEPTH, "[", "]")).getValueType());
  }

  @Test
  void nestingBeyondTheLimitIsRefusedBeforeParsing() {
    assertThrows(
        Json.TooDeepException.class, () -> Json.parseOne(nested(Json.MAX_DEPTH + 1, "[", "]")));
    assertThrows(
        Json.TooDeepException.class,
        () -> Json.parseOne("{\"a\":" + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_001)));
  }

  @Test
  void aThousandLevelsInsideAnObjectAreRefusedAsTooDeep() {
    assertThrows(
        Json.TooDeepException.class,
        () -> Json.parseOne("{\"text\":\"a\",\"tags\":" + nested(1000, "[", "]") + "}"));
  }

  @Test
  void bracketsInsideStringsDoNotCount() {
    String text = "{\"text\":\"" + "[{".repeat(1000) + "\\\"]\"}";
    assertDoesNotThrow(() -> Json.parseOne(text));
  }

  @Test
  void unbalancedTextIsLeftToTheParser() {
    JsonException e = assertThrows(JsonException.class, () -> Json.parseOne("]]]]"));
    assertFalse(e instanceof Json.TooDeepException);
  }
}
