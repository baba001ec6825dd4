package dev.feedline.json;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.Map;

/** The one JSON-B configuration of the service: nulls are written, as API.md's post shows. */
public final class Json {
  private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));
  // jakarta.json.Json.createParser looks its provider up through the ServiceLoader on every call;
  // every client frame is parsed here.
  private static final JsonParserFactory PARSERS = jakarta.json.Json.createParserFactory(Map.of());

  private Json() {}

  public static Jsonb jsonb() {
    return JSONB;
  }

  public static String write(Object value) {
    return JSONB.toJson(value);
  }

  /**
   * Parses text that must hold exactly one JSON value and nothing after it (a reader alone would
   * take the first value and ignore the rest).
   *
   * @throws JsonException when it does not
   */
  public static JsonValue parseOne(String text) {
    try (JsonParser parser = PARSERS.createParser(new StringReader(text))) {
      if (!parser.hasNext()) {
        throw new JsonException("No JSON value.");
      }
      parser.next();
      JsonValue value = parser.getValue();
      if (parser.hasNext()) {
        throw new JsonException("Text after the JSON value.");
      }
      return value;
    }
  }
}
