package dev.feedline.push.control;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * The decrypted body of a push (API.md): {@code {"notification": {...}, "title": "...", "body":
 * "..."}}, at most {@link PushEncryption#MAX_PLAINTEXT} bytes of UTF-8. A long post's text is
 * shortened (in {@code body} and in the notification's post alike) until the message fits; it is
 * never cut inside a character.
 */
final class PushMessage {
  private static final String ELLIPSIS = "\u2026";

  private PushMessage() {}

  /** The message for a notification stored as its JSON. */
  static byte[] of(String notificationJson) {
    JsonObject notification;
    try (JsonReader reader = Json.createReader(new StringReader(notificationJson))) {
      notification = reader.readObject();
    }
    String actor = notification.getString("actor", "someone");
    String title =
        switch (notification.getString("type", "")) {
          case "like" -> actor + " liked your post";
          case "follow" -> actor + " followed you";
          case "mention" -> actor + " mentioned you";
          case "reply" -> actor + " replied to your post";
          default -> actor;
        };
    JsonObject post =
        notification.get("post") instanceof JsonObject object
            ? object
            : JsonValue.EMPTY_JSON_OBJECT;
    String text = post.getString("text", "");
    byte[] whole = build(notification, title, text);
    if (whole.length <= PushEncryption.MAX_PLAINTEXT) {
      return whole;
    }
    // The longest prefix of the text (in code points) whose message fits.
    int[] points = text.codePoints().toArray();
    int low = 0;
    int high = points.length;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (build(notification, title, shortened(points, mid)).length
          <= PushEncryption.MAX_PLAINTEXT) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    byte[] fitted = build(notification, title, shortened(points, low));
    if (fitted.length > PushEncryption.MAX_PLAINTEXT) {
      throw new IllegalArgumentException("A push message does not fit even without its text");
    }
    return fitted;
  }

  private static String shortened(int[] points, int length) {
    return new String(points, 0, length) + ELLIPSIS;
  }

  private static byte[] build(JsonObject notification, String title, String text) {
    JsonObjectBuilder copy = Json.createObjectBuilder(notification);
    if (notification.get("post") instanceof JsonObject post) {
      copy.add("post", Json.createObjectBuilder(post).add("text", text));
    }
    return Json.createObjectBuilder()
        .add("notification", copy)
        .add("title", title)
        .add("body", text)
        .build()
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }
}
