package dev.feedline.posts.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostTest {
  private static final Post POST =
      new Post(
          "12",
          "alice",
          "Hello #java",
          List.of("java"),
          "2026-01-02T03:04:05Z",
          null,
          3,
          null,
          List.of(),
          null);

  private static JsonObject written(Post post) {
    return Json.parseOne(Json.write(post)).asJsonObject();
  }

  @Test
  void aPostForNoCallerHasNoLikedFieldButKeepsItsNulls() {
    JsonObject json = written(POST);

    assertFalse(json.containsKey("liked"), json.toString());
    assertTrue(json.isNull("editedAt"), json.toString());
    assertTrue(json.isNull("inReplyTo"), json.toString());
    assertEquals(
        "{\"author\":\"alice\",\"createdAt\":\"2026-01-02T03:04:05Z\",\"editedAt\":null,"
            + "\"id\":\"12\",\"inReplyTo\":null,\"likes\":3,\"mentions\":[],"
            + "\"tags\":[\"java\"],\"text\":\"Hello #java\"}",
        Json.write(POST),
        "the form events carry, unchanged by the caller's field");
  }

  @Test
  void aPostForACallerSaysWhetherTheyLikeIt() {
    assertTrue(written(POST.withLiked(true)).getBoolean("liked"));
    assertFalse(written(POST.withLiked(false)).getBoolean("liked"));
  }

  @Test
  void aNewLikeCountKeepsWhatTheCallerSees() {
    assertEquals(Boolean.TRUE, POST.withLiked(true).withLikes(4).liked());
    assertEquals(4, POST.withLiked(true).withLikes(4).likes());
  }
}
