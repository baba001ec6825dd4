package dev.feedline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.posts.entity.NewPost;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {
  @Test
  void noAllowedOriginsSetMeansNone() {
    ApiSettings settings = new ApiSettings();
    settings.allowedOrigins = Optional.empty();

    assertEquals(List.of(), settings.allowedOrigins());
  }

  @Test
  void jsonBodiesTakeTheBodyLimit() {
    ApiSettings settings = new ApiSettings();
    settings.maxBodyBytes = 16;
    JsonBodies bodies = new JsonBodies(settings);
    String fits = "{\"text\":\"hi\"}";
    String over = "{\"text\":\"hello there\"}";

    assertEquals(
        "hi",
        bodies
            .read(new ByteArrayInputStream(fits.getBytes(StandardCharsets.UTF_8)), NewPost.class)
            .text());
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                bodies.read(
                    new ByteArrayInputStream(over.getBytes(StandardCharsets.UTF_8)),
                    NewPost.class));
    assertEquals(413, e.status());
  }
}
