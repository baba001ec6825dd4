package dev.feedline.events.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {
  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "4711, 4711", "007, 7", "9223372036854775807, 9223372036854775807"})
  void asciiDigitsAreAnId(String text, long id) {
    assertEquals(OptionalLong.of(id), Ids.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "+1",
        "-1",
        " 1",
        "1 ",
        "1.0",
        "1e3",
        "0x10",
        "\u0661", // ARABIC-INDIC DIGIT ONE
        "\uff11", // FULLWIDTH DIGIT ONE
        "\u0967\u0968", // DEVANAGARI ONE TWO
        "9223372036854775808",
        "00000000000000000001",
        "abc"
      })
  void anythingElseIsNone(String text) {
    assertEquals(OptionalLong.empty(), Ids.parse(text));
  }

  @org.junit.jupiter.api.Test
  void nullIsNone() {
    assertEquals(OptionalLong.empty(), Ids.parse(null));
  }
}
