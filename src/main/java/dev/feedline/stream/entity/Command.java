package dev.feedline.stream.entity;

import dev.feedline.events.entity.Ids;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.OptionalLong;

/** A client frame of API.md: subscribe, unsubscribe or ping, parsed and checked. */
public record Command(Type type, Feed feed, Long since, JsonValue ref) {
  /** The frames a client may send. */
  public enum Type {
    SUBSCRIBE,
    UNSUBSCRIBE,
    PING
  }

  /** A frame that is not one of API.md's: answered with an error frame of this code. */
  public static final class BadFrame extends Exception {
    private final String code;
    private final transient JsonValue ref;

    public BadFrame(String code, String message, JsonValue ref) {
      super(message);
      this.code = code;
      this.ref = ref;
    }

    public String code() {
      return code;
    }

    public JsonValue ref() {
      return ref;
    }
  }

  public static Command parse(String text) throws BadFrame {
    JsonValue value;
    try {
      value = Json.parseOne(text);
    } catch (Json.TooDeepException e) {
      throw new BadFrame(
          "bad_request", "The frame nests deeper than " + Json.MAX_DEPTH + " levels.", null);
    } catch (JsonException e) {
      throw new BadFrame("bad_request", "The frame is not valid JSON.", null);
    }
    if (!(value instanceof JsonObject frame)) {
      throw new BadFrame("bad_request", "A frame is a JSON object.", null);
    }
    JsonValue ref = frame.get("ref");
    String type = frame.get("type") instanceof JsonString s ? s.getString() : null;
    if (type == null) {
      throw new BadFrame("bad_request", "A frame needs a string 'type'.", ref);
    }
    return switch (type) {
      case "ping" -> new Command(Type.PING, null, null, ref);
      case "subscribe" -> new Command(Type.SUBSCRIBE, feed(frame, ref), since(frame, ref), ref);
      case "unsubscribe" -> new Command(Type.UNSUBSCRIBE, feed(frame, ref), null, ref);
      default ->
          throw new BadFrame(
              "bad_request",
              "Unknown frame type '" + type + "'; use subscribe, unsubscribe or ping.",
              ref);
    };
  }

  private static Feed feed(JsonObject frame, JsonValue ref) throws BadFrame {
    if (!(frame.get("feed") instanceof JsonString name)) {
      throw new BadFrame("bad_request", "This frame needs a string 'feed'.", ref);
    }
    try {
      return Feed.parse(name.getString());
    } catch (IllegalArgumentException e) {
      throw new BadFrame("bad_feed", e.getMessage(), ref);
    }
  }

  private static Long since(JsonObject frame, JsonValue ref) throws BadFrame {
    JsonValue since = frame.get("since");
    if (since == null || since == JsonValue.NULL) {
      return null;
    }
    // An event id as API.md writes it, a string of ASCII digits; a plain JSON integer is taken too.
    String text =
        since instanceof JsonString s
            ? s.getString()
            : since instanceof JsonNumber n ? n.toString() : null;
    OptionalLong value = Ids.parse(text);
    if (value.isEmpty()) {
      throw new BadFrame("bad_request", "'since' must be an event id.", ref);
    }
    return value.getAsLong();
  }
}
