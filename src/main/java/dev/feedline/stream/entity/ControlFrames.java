package dev.feedline.stream.entity;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Map;

/** The server's control frames of API.md: subscribed, unsubscribed, pong, reset, error. */
public final class ControlFrames {
  // JSON.createObjectBuilder() looks its provider up through the ServiceLoader on every call.
  private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

  private ControlFrames() {}

  public static String subscribed(String feed, long position) {
    return JSON.createObjectBuilder()
        .add("type", "subscribed")
        .add("feed", feed)
        .add("position", Long.toString(position))
        .build()
        .toString();
  }

  public static String unsubscribed(String feed) {
    return JSON.createObjectBuilder()
        .add("type", "unsubscribed")
        .add("feed", feed)
        .build()
        .toString();
  }

  public static String pong(JsonValue ref) {
    JsonObjectBuilder pong = JSON.createObjectBuilder().add("type", "pong");
    if (ref != null) {
      pong.add("ref", ref);
    }
    return pong.build().toString();
  }

  public static String reset(String feed) {
    return JSON.createObjectBuilder().add("type", "reset").add("feed", feed).build().toString();
  }

  public static String error(String code, String message, JsonValue ref) {
    JsonObjectBuilder error =
        JSON.createObjectBuilder().add("type", "error").add("code", code).add("message", message);
    error.add("ref", ref == null ? JsonValue.NULL : ref);
    return error.build().toString();
  }
}
