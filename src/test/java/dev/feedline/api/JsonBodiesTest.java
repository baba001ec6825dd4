package dev.feedline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  private final JsonBodies wide = new JsonBodies(16384);

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

    assertEquals(new NewPost("hi \u00e9", List.of("java"), null), post);
  }

  /** A field that is a record reads a JSON object into it, by the same rules. */
  record Outer(String name, Inner inner) {}

  record Inner(String value, List<String> more) {}

  @Test
  void aNestedObjectIsReadIntoItsRecord() {
    assertEquals(
        new Outer("a", new Inner("b", List.of("c"))),
        wide.read(
            body("{\"name\":\"a\",\"inner\":{\"value\":\"b\",\"more\":[\"c\"],\"x\":1}}"),
            Outer.class));
    assertEquals(new Outer("a", null), wide.read(body("{\"name\":\"a\"}"), Outer.class));
    ApiException notAnObject =
        assertThrows(
            ApiException.class,
            () -> wide.read(body("{\"name\":\"a\",\"inner\":\"b\"}"), Outer.class));
    assertEquals("bad_request", notAnObject.code());
    ApiException badInside =
        assertThrows(
            ApiException.class, () -> wide.read(body("{\"inner\":{\"value\":7}}"), Outer.class));
    assertEquals("bad_request", badInside.code());
  }

  @Test
  void unknownFieldsAreIgnored() {
    assertEquals(
        new NewPost("hi", null, null),
        bodies.read(body("{\"text\":\"hi\",\"x\":1}"), NewPost.class));
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"text\":42}",
        "{\"text\":true}",
        "{\"text\":[\"hi\"]}",
        "{\"text\":{\"a\":1}}",
        "{\"text\":\"hi\",\"tags\":\"java\"}",
        "{\"text\":\"hi\",\"tags\":[42]}",
        "{\"text\":\"hi\",\"tags\":[null]}",
        "{\"text\":\"hi\",\"tags\":[[\"java\"]]}",
        "{\"text\":\"hi\",\"tags\":{}}"
      })
  void aValueOfTheWrongJsonTypeIsABadRequestNamingTheField(String text) {
    ApiException e =
        assertThrows(ApiException.class, () -> wide.read(body(text), NewPost.class), text);

    assertEquals(400, e.status());
    assertEquals("bad_request", e.code());
    assertTrue(e.getMessage().contains("'text'") || e.getMessage().contains("'tags'"), text);
  }

  @Test
  void absentAndNullFieldsAreNull() {
    assertEquals(new NewPost(null, null, null), wide.read(body("{}"), NewPost.class));
    assertEquals(
        new NewPost(null, null, null),
        wide.read(body("{\"text\":null,\"tags\":null}"), NewPost.class));
  }

  @Test
  void nestingDeeperThanTheLimitIsABadRequest() {
    String deep = "{\"text\":\"a\",\"tags\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
    ApiException e = assertThrows(ApiException.class, () -> wide.read(body(deep), NewPost.class));

    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("deeper"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\\ud800", "a\\udc00b", "\\ud83d", "x\\u0000y"})
  void aStringThatIsNotTextIsABadRequest(String escaped) {
    String json = "{\"text\":\"" + escaped + "\"}";
    ApiException e = assertThrows(ApiException.class, () -> wide.read(body(json), NewPost.class));

    assertEquals(400, e.status());
  }

  @Test
  void aPairedSurrogateIsText() {
    assertEquals(
        "\ud83d\ude00", wide.read(body("{\"text\":\"\\ud83d\\ude00\"}"), NewPost.class).text());
  }

  @Test
  void bytesThatAreNotUtf8AreABadRequest() {
    byte[] bytes = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xff, '"', '}'};
    ApiException e =
        assertThrows(
            ApiException.class, () -> wide.read(new ByteArrayInputStream(bytes), NewPost.class));

    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }
}
