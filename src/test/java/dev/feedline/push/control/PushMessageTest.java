package dev.feedline.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushMessageTest {
  private static String notification(String type, String text) {
    String post =
        text == null
            ? "null"
            : Json.createObjectBuilder()
                .add("id", "7")
                .add("author", "alice")
                .add("text", text)
                .build()
                .toString();
    return "{\"id\":\"3\",\"type\":\""
        + type
        + "\",\"actor\":\"bob\",\"post\":"
        + post
        + ",\"createdAt\":\"2026-12-05T12:00:00Z\"}";
  }

  private static JsonObject read(byte[] message) {
    return Json.createReader(new StringReader(new String(message, StandardCharsets.UTF_8)))
        .readObject();
  }

  @Test
  void carriesTheNotificationATitleAndTheText() {
    JsonObject message = read(PushMessage.of(notification("mention", "hi @alice")));
    assertEquals("bob mentioned you", message.getString("title"));
    assertEquals("hi @alice", message.getString("body"));
    assertEquals("3", message.getJsonObject("notification").getString("id"));
    assertEquals(
        "hi @alice", message.getJsonObject("notification").getJsonObject("post").getString("text"));
  }

  @Test
  void aFollowHasNoText() {
    JsonObject message = read(PushMessage.of(notification("follow", null)));
    assertEquals("bob followed you", message.getString("title"));
    assertEquals("", message.getString("body"));
    assertTrue(message.getJsonObject("notification").isNull("post"));
  }

  @Test
  void aLongTextIsShortenedToFitAndNeverCutInsideACharacter() {
    String text = "\uD83C\uDF49".repeat(3000); // watermelons: 4 bytes each, 2 chars each
    byte[] bytes = PushMessage.of(notification("reply", text));
    assertTrue(bytes.length <= PushEncryption.MAX_PLAINTEXT, "" + bytes.length);
    assertTrue(bytes.length > PushEncryption.MAX_PLAINTEXT - 20, "as much text as fits");
    JsonObject message = read(bytes);
    String body = message.getString("body");
    assertTrue(body.endsWith("\u2026"));
    assertTrue(text.startsWith(body.substring(0, body.length() - 1)));
    assertEquals(
        body, message.getJsonObject("notification").getJsonObject("post").getString("text"));
  }
}
