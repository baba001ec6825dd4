package dev.feedline.api;

import dev.feedline.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads a JSON request body of bounded size into a record, with API.md's errors when it can't. */
@ApplicationScoped
public class JsonBodies {
  private int maxBytes;

  JsonBodies() {}

  @Inject
  public JsonBodies(@ConfigProperty(name = "feedline.http.max-body-bytes") int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public <T> T read(InputStream body, Class<T> type) {
    String text = readBounded(body);
    if (text.isBlank()) {
      throw ApiException.badRequest("A JSON body is required.");
    }
    requireOneObject(text);
    try {
      T value = Json.jsonb().fromJson(text, type);
      if (value == null) {
        throw ApiException.badRequest("A JSON object is required.");
      }
      return value;
    } catch (JsonbException e) {
      throw ApiException.badRequest("The body is not valid JSON for this request.");
    }
  }

  /** JSON-B would bind the first value and ignore the rest: the body must be one object, alone. */
  private static void requireOneObject(String text) {
    JsonValue value;
    try {
      value = Json.parseOne(text);
    } catch (JsonException e) {
      throw ApiException.badRequest("The body must be one JSON object and nothing after it.");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw ApiException.badRequest("The body must be a JSON object.");
    }
  }

  private String readBounded(InputStream body) {
    if (body == null) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = body.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        if (out.size() > maxBytes) {
          throw ApiException.tooLarge("The body is larger than " + maxBytes + " bytes.");
        }
      }
    } catch (IOException e) {
      throw ApiException.badRequest("The body could not be read.");
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
