package dev.feedline.stream.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlFramesTest {
  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  @Test
  void subscribedNamesTheFeedAndThePositionAsADecimalString() {
    JsonObject frame = parse(ControlFrames.subscribed("tag:java", 4711));

    assertEquals("subscribed", frame.getString("type"));
    assertEquals("tag:java", frame.getString("feed"));
    assertEquals("4711", frame.getString("position"));
  }

  @Test
  void unsubscribedNamesTheFeed() {
    JsonObject frame = parse(ControlFrames.unsubscribed("home"));

    assertEquals(Set.of("type", "feed"), frame.keySet());
    assertEquals("unsubscribed", frame.getString("type"));
    assertEquals("home", frame.getString("feed"));
  }

  @Test
  void pongEchoesTheRefWhateverItsJsonType() {
    assertEquals("any", parse(ControlFrames.pong(Json.createValue("any"))).getString("ref"));
    assertEquals(7, parse(ControlFrames.pong(Json.createValue(7))).getInt("ref"));
    JsonObject object = Json.createObjectBuilder().add("n", 1).build();
    assertEquals(object, parse(ControlFrames.pong(object)).getJsonObject("ref"));
  }

  @Test
  void pongWithoutRefHasNoRef() {
    JsonObject frame = parse(ControlFrames.pong(null));

    assertEquals("pong", frame.getString("type"));
    assertFalse(frame.containsKey("ref"));
  }

  @Test
  void resetNamesTheFeed() {
    JsonObject frame = parse(ControlFrames.reset("user:bob"));

    assertEquals("reset", frame.getString("type"));
    assertEquals("user:bob", frame.getString("feed"));
  }

  @Test
  void errorCarriesCodeMessageAndRef() {
    JsonObject frame =
        parse(ControlFrames.error("bad_feed", "Unknown \"feed\"", Json.createValue("r1")));

    assertEquals("error", frame.getString("type"));
    assertEquals("bad_feed", frame.getString("code"));
    assertEquals("Unknown \"feed\"", frame.getString("message"));
    assertEquals("r1", frame.getString("ref"));
  }

  @Test
  void errorWithoutRefSaysRefNull() {
    JsonObject frame = parse(ControlFrames.error("bad_request", "no", null));

    assertEquals(JsonValue.NULL, frame.get("ref"));
  }
}
