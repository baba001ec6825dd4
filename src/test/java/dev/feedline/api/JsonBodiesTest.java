package dev.feedline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.posts.entity.NewPost;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonBodiesTest {
  private final JsonBodies bodies = new JsonBodies(64);

  private static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private void assertRefused(int status, String code, InputStream body) {
    ApiException e = assertThrows(ApiException.class, () -> bodies.read(body, NewPost.class));
    assertEquals(status, e.status(), e.getMessage());
    assertEquals(code, e.code());
  }

  @Test
  void validBodyIsReadIntoTheRecord() {
    NewPost post = bodies.read(body("{\"text\":\"hi \u00e9\",\"tags\":[\"java\"]}"), NewPost.class);

    assertEquals(new NewPost("hi \u00e9", List.of("java")), post);
  }

  @Test
  void unknownFieldsAreIgnored() {
    assertEquals(
        new NewPost("hi", null), bodies.read(body("{\"text\":\"hi\",\"x\":1}"), NewPost.class));
  }

  @Test
  void bodyOfExactlyTheLimitIsRead() {
    String json = "{\"text\":\"" + "x".repeat(64 - 11) + "\"}";
    assertEquals(64, json.length());

    assertEquals(64 - 11, bodies.read(body(json), NewPost.class).text().length());
  }

  @Test
  void bodyOverTheLimitIsTooLarge() {
    String json = "{\"text\":\"" + "x".repeat(64 - 10) + "\"}";
    assertEquals(65, json.length());

    assertRefused(413, "too_large", body(json));
  }

  @Test
  void hugeBodyIsRefusedWithoutReadingItAll() {
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return ' ';
          }
        };
    assertRefused(413, "too_large", endless);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n"})
  void blankBodyIsABadRequest(String text) {
    assertRefused(400, "bad_request", body(text));
  }

  @Test
  void missingBodyIsABadRequest() {
    assertRefused(400, "bad_request", null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"text\":}", "not json", "[1,2]", "\"text\"", "null"})
  void malformedBodyIsABadRequest(String text) {
    assertRefused(400, "bad_request", body(text));
  }

  @Test
  void unreadableBodyIsABadRequest() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };
    assertRefused(400, "bad_request", broken);
  }
}
