package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.stream.JsonParsingException;

/** Assertions on answers of the API, above all the error body every refusal must carry. */
public final class ApiAssert {
  private ApiAssert() {}

  /** The answer is {@code status} with the JSON error body {"error": code, "message": text}. */
  public static void assertError(Api.Reply reply, int status, String code) {
    assertEquals(status, reply.status(), () -> "status of an answer with body " + reply.body());
    String type = reply.header("Content-Type");
    assertNotNull(type, () -> "an error answer without Content-Type: " + reply.body());
    assertTrue(
        type.startsWith("application/json"),
        () -> "an error answer of type " + type + ": " + reply.body());
    JsonObject body;
    try {
      body = reply.json();
    } catch (JsonParsingException | ClassCastException e) {
      fail("an error answer that is not a JSON object: " + reply.body());
      return;
    }
    assertEquals(code, body.getString("error", null), () -> "error code in " + reply.body());
    assertTrue(
        body.get("message") instanceof JsonString message && !message.getString().isBlank(),
        () -> "an error answer without a message: " + reply.body());
  }

  /** The answer is {@code status} with a JSON object body, which it answers. */
  public static JsonObject assertJson(Api.Reply reply, int status) {
    assertEquals(status, reply.status(), () -> "status of an answer with body " + reply.body());
    String type = reply.header("Content-Type");
    assertTrue(
        type != null && type.startsWith("application/json"),
        () -> "an answer of type " + type + ": " + reply.body());
    return reply.json();
  }

  /** The answer is 204 with no body. */
  public static void assertNoContent(Api.Reply reply) {
    assertEquals(204, reply.status(), () -> "status of an answer with body " + reply.body());
    assertFalse(reply.body() != null && !reply.body().isEmpty(), "a 204 answer with a body");
  }
}
