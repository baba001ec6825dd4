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
  /**
   * The deepest nesting of arrays and objects that {@link #parseOne} accepts. No body or frame of
   * API.md nests more than three levels; a client must not choose how deep the parser goes.
   */
  public static final int MAX_DEPTH = 32;

  private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));
  // jakarta.json.Json.createParser looks its provider up through the ServiceLoader on every call;
  // every client frame is parsed here.
  private static final JsonParserFactory PARSERS = jakarta.json.Json.createParserFactory(Map.of());

  private Json() {}

  /** Text nested deeper than {@link #MAX_DEPTH}: refused before it is parsed. */
  public static final class TooDeepException extends JsonException {
    TooDeepException() {
      super("JSON nested deeper than " + MAX_DEPTH + " levels.");
    }
  }

  public static Jsonb jsonb() {
    return JSONB;
  }

  public static String write(Object value) {
    return JSONB.toJson(value);
  }

  /**
   * Parses text that must hold exactly one JSON value, nested at most {@link #MAX_DEPTH} levels,
   * and nothing after it (a reader alone would take the first value and ignore the rest).
   *
   * @throws JsonException when it does not ({@link TooDeepException} when it nests too deep)
   */
  public static JsonValue parseOne(String text) {
    requireDepthAtMost(text, MAX_DEPTH);
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

  /**
   * Counts the nesting of brackets outside strings, in one pass: the parser builds nested values by
   * recursion, so depth is checked before it starts. Malformed text is left to the parser.
   */
  static void requireDepthAtMost(String text, int max) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        if (++depth > max) {
          throw new TooDeepException();
        }
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
  }
}
