package dev.feedline.stream.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.feeds.entity.Feed;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {
  private static JsonValue json(String text) {
    return Json.createReader(new StringReader(text)).readValue();
  }

  private static Command.BadFrame bad(String frame) {
    return assertThrows(Command.BadFrame.class, () -> Command.parse(frame), frame);
  }

  @Test
  void subscribeWithSinceParsesFeedSinceAndRef() throws Exception {
    Command command =
        Command.parse(
            "{\"type\":\"subscribe\",\"feed\":\"tag:java\",\"since\":\"4700\",\"ref\":3}");

    assertEquals(Command.Type.SUBSCRIBE, command.type());
    assertEquals(Feed.parse("tag:java"), command.feed());
    assertEquals(4700L, command.since());
    assertEquals(json("3"), command.ref());
  }

  @Test
  void subscribeWithoutSinceIsLiveOnly() throws Exception {
    Command command = Command.parse("{\"type\":\"subscribe\",\"feed\":\"home\"}");

    assertEquals(Feed.HOME, command.feed());
    assertNull(command.since());
    assertNull(command.ref());
  }

  @Test
  void sinceNullIsLiveOnly() throws Exception {
    assertNull(
        Command.parse("{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":null}").since());
  }

  @Test
  void sinceMayBeANumberOrZero() throws Exception {
    assertEquals(
        4700L,
        Command.parse("{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":4700}").since());
    assertEquals(
        0L, Command.parse("{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":\"0\"}").since());
  }

  @Test
  void unsubscribeParsesTheFeed() throws Exception {
    Command command = Command.parse("{\"type\":\"unsubscribe\",\"feed\":\"user:bob\"}");

    assertEquals(Command.Type.UNSUBSCRIBE, command.type());
    assertEquals(Feed.parse("user:bob"), command.feed());
  }

  @Test
  void pingKeepsItsRefOfAnyJsonType() throws Exception {
    Command command = Command.parse("{\"type\":\"ping\",\"ref\":{\"n\":[1,\"a\"]}}");

    assertEquals(Command.Type.PING, command.type());
    assertEquals(json("{\"n\":[1,\"a\"]}"), command.ref());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "not json", "{\"type\":", "{'type':'ping'}"})
  void textThatIsNotJsonIsABadRequest(String frame) {
    Command.BadFrame error = bad(frame);

    assertEquals("bad_request", error.code());
    assertNull(error.ref());
  }

  @Test
  void trailingTextAfterTheObjectIsNotJson() {
    Command.BadFrame error = bad("{\"type\":\"ping\",\"ref\":1} trailing");

    assertEquals("bad_request", error.code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"null", "[1,2]", "\"subscribe\"", "42", "true"})
  void jsonThatIsNotAnObjectIsABadRequest(String frame) {
    Command.BadFrame error = bad(frame);

    assertEquals("bad_request", error.code());
    assertNull(error.ref());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"ref\":\"r\"}",
        "{\"type\":null,\"ref\":\"r\"}",
        "{\"type\":5,\"ref\":\"r\"}",
        "{\"type\":[\"ping\"],\"ref\":\"r\"}"
      })
  void frameWithoutAStringTypeIsABadRequestThatKeepsItsRef(String frame) {
    Command.BadFrame error = bad(frame);

    assertEquals("bad_request", error.code());
    assertEquals(Json.createValue("r"), error.ref());
  }

  @ParameterizedTest
  @ValueSource(strings = {"publish", "Subscribe", "PING", "", "subscribed"})
  void unknownTypeIsABadRequestThatKeepsItsRef(String type) {
    Command.BadFrame error = bad("{\"type\":\"" + type + "\",\"ref\":[1]}");

    assertEquals("bad_request", error.code());
    assertEquals(json("[1]"), error.ref());
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscribe", "unsubscribe"})
  void subscribeOrUnsubscribeWithoutAStringFeedIsABadRequest(String type) {
    for (String feed : new String[] {"", ",\"feed\":null", ",\"feed\":3", ",\"feed\":[\"home\"]"}) {
      Command.BadFrame error = bad("{\"type\":\"" + type + "\",\"ref\":\"r\"" + feed + "}");

      assertEquals("bad_request", error.code(), feed);
      assertEquals(Json.createValue("r"), error.ref());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Home",
        "homes",
        "tag:Java",
        "tag:",
        "user:",
        "user:a b",
        "everything",
        "tag:a-b"
      })
  void unknownOrMalformedFeedIsBadFeedThatKeepsItsRef(String feed) {
    for (String type : new String[] {"subscribe", "unsubscribe"}) {
      Command.BadFrame error =
          bad("{\"type\":\"" + type + "\",\"feed\":\"" + feed + "\",\"ref\":\"r\"}");

      assertEquals("bad_feed", error.code(), type + " " + feed);
      assertEquals(Json.createValue("r"), error.ref());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"abc\"",
        "\"-1\"",
        "-1",
        "\"\"",
        "\"12x\"",
        "1.5",
        "1e3",
        "true",
        "{}",
        "[1]",
        "\"99999999999999999999\""
      })
  void sinceThatIsNotAnEventIdIsABadRequestThatKeepsItsRef(String since) {
    Command.BadFrame error =
        bad("{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":" + since + ",\"ref\":\"r\"}");

    assertEquals("bad_request", error.code(), since);
    assertEquals(Json.createValue("r"), error.ref());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"+1\"",
        "\"-1\"",
        "\" 1\"",
        "\"\u0661\"",
        "\"1.0\"",
        "1.5",
        "-3",
        "4.7e3",
        "true",
        "[1]",
        "{}"
      })
  void sinceThatIsNotAnEventIdIsABadRequest(String since) {
    Command.BadFrame error =
        bad("{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":" + since + ",\"ref\":1}");

    assertEquals("bad_request", error.code(), since);
  }

  @Test
  void aFrameNestedDeeperThanTheLimitIsABadRequest() {
    Command.BadFrame error =
        bad("{\"type\":\"ping\",\"ref\":" + "[".repeat(2000) + "]".repeat(2000) + "}");

    assertEquals("bad_request", error.code());
  }
}
