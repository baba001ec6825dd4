package dev.feedline.stream.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventFramesTest {
  private static final String POST =
      "{\"id\":\"42\",\"author\":\"bob\",\"text\":\"Hello \\\"#java\\\" \\u00e9\",\"tags\":[\"java\"],"
          + "\"createdAt\":\"2024-05-01T10:00:00Z\",\"editedAt\":null,\"likes\":3}";

  private static Event event(long id, EventType type, String data) {
    return new Event(id, type, 42L, "bob", null, List.of("java"), data, Instant.EPOCH);
  }

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  @Test
  void envelopeParsesBackToTheEventsIdTypeFeedsAndData() {
    EventFrames frames = new EventFrames(event(4711, EventType.POST_CREATED, POST));

    JsonObject envelope = parse(frames.frame(List.of("home", "tag:java", "user:bob.b-1_x")));

    assertEquals(Set.of("id", "type", "feeds", "data"), envelope.keySet());
    assertEquals("4711", envelope.getString("id"));
    assertEquals("post.created", envelope.getString("type"));
    assertEquals(
        List.of("home", "tag:java", "user:bob.b-1_x"),
        envelope.getJsonArray("feeds").getValuesAs(JsonString::getString));
    assertEquals(parse(POST), envelope.getJsonObject("data"));
  }

  @ParameterizedTest
  @EnumSource(
      value = EventType.class,
      names = {"POST_CREATED", "POST_UPDATED", "POST_DELETED", "POST_STATS"})
  void envelopeTypeIsTheEventsWireName(EventType type) {
    String data = "{\"id\":\"9\",\"likes\":12}";
    JsonObject envelope = parse(new EventFrames(event(9, type, data)).frame(List.of("public")));

    assertEquals(type.wireName(), envelope.getString("type"));
    assertEquals("9", envelope.getString("id"));
    assertEquals(parse(data), envelope.getJsonObject("data"));
  }

  @Test
  void idIsADecimalStringEvenWhenLarge() {
    EventFrames frames = new EventFrames(event(Long.MAX_VALUE, EventType.POST_STATS, "{}"));

    JsonObject envelope = parse(frames.frame(List.of("public")));

    assertEquals(Long.toString(Long.MAX_VALUE), envelope.getString("id"));
  }

  @Test
  void oneStringIsSharedPerDistinctFeedsList() {
    EventFrames frames = new EventFrames(event(7, EventType.POST_CREATED, POST));

    String first = frames.frame(List.of("home", "tag:java"));
    String again = frames.frame(new ArrayList<>(List.of("home", "tag:java")));
    String other = frames.frame(List.of("tag:java"));
    String reordered = frames.frame(List.of("tag:java", "home"));

    assertSame(first, again);
    assertNotSame(first, other);
    assertNotSame(first, reordered);
    assertSame(other, frames.frame(List.of("tag:java")));
    assertEquals(
        List.of("tag:java", "home"),
        parse(reordered).getJsonArray("feeds").getValuesAs(JsonString::getString));
  }

  @Test
  void framesForDifferentFeedsCarryTheSameData() {
    EventFrames frames = new EventFrames(event(7, EventType.POST_CREATED, POST));

    JsonObject a = parse(frames.frame(List.of("public")));
    JsonObject b = parse(frames.frame(List.of("user:bob")));

    assertEquals(a.getJsonObject("data"), b.getJsonObject("data"));
    assertEquals(a.getString("id"), b.getString("id"));
  }
}
