package dev.feedline.api;

import dev.feedline.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a JSON request body of bounded size into a record, with API.md's errors when it can't.
 * Types are strict: a string field takes a JSON string and nothing else (JSON-B would turn {@code
 * 42} into "42"), a list of strings a JSON array of strings, a record a JSON object read the same
 * way; a field that is absent or null is null.
 */
@ApplicationScoped
public class JsonBodies {
  private int maxBytes;

  JsonBodies() {}

  @Inject
  public JsonBodies(ApiSettings settings) {
    this(settings.maxBodyBytes());
  }

  /** Reads bodies of at most {@code maxBytes}, as tests make it without a container. */
  public JsonBodies(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public <T extends Record> T read(InputStream body, Class<T> type) {
    String text = readBounded(body);
    if (text.isBlank()) {
      throw ApiException.badRequest("A JSON body is required.");
    }
    return bind(oneObject(text), type);
  }

  /** The body must be one object, alone: a parser that reads the first value ignores the rest. */
  private static JsonObject oneObject(String text) {
    JsonValue value;
    try {
      value = Json.parseOne(text);
    } catch (Json.TooDeepException e) {
      throw ApiException.badRequest(
          "The body nests arrays and objects deeper than " + Json.MAX_DEPTH + " levels.");
    } catch (JsonException e) {
      throw ApiException.badRequest("The body must be one JSON object and nothing after it.");
    }
    if (!(value instanceof JsonObject object)) {
      throw ApiException.badRequest("The body must be a JSON object.");
    }
    return object;
  }

  private static <T extends Record> T bind(JsonObject object, Class<T> type) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = value(object.get(components[i].getName()), components[i]);
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot make a " + type.getName() + " from a body", e);
    }
  }

  private static Object value(JsonValue json, RecordComponent component) {
    String name = component.getName();
    if (json == null || json == JsonValue.NULL) {
      return null;
    }
    if (component.getType() == String.class) {
      if (json instanceof JsonString string) {
        return text(name, string.getString());
      }
      throw ApiException.badRequest("'" + name + "' must be a string.");
    }
    if (component.getType() == List.class
        && component.getGenericType() instanceof ParameterizedType list
        && list.getActualTypeArguments()[0] == String.class) {
      if (!(json instanceof JsonArray array)) {
        throw ApiException.badRequest("'" + name + "' must be an array of strings.");
      }
      List<String> strings = new ArrayList<>(array.size());
      for (JsonValue item : array) {
        if (!(item instanceof JsonString string)) {
          throw ApiException.badRequest("'" + name + "' must be an array of strings.");
        }
        strings.add(text(name, string.getString()));
      }
      return Collections.unmodifiableList(strings);
    }
    if (component.getType().isRecord()) {
      if (!(json instanceof JsonObject nested)) {
        throw ApiException.badRequest("'" + name + "' must be an object.");
      }
      return bind(nested, component.getType().asSubclass(Record.class));
    }
    throw new IllegalStateException("No JSON binding for " + component);
  }

  /**
   * A string the store can keep and a client can read back: no NUL (PostgreSQL refuses it) and no
   * unpaired surrogate (a JSON escape such as \ud800 alone is no character at all).
   */
  private static String text(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1));
      if (paired) {
        i++;
      } else if (c == '\0' || Character.isSurrogate(c)) {
        throw ApiException.badRequest(
            "'" + name + "' holds a NUL or an unpaired surrogate, which is not text.");
      }
    }
    return value;
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
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("The body is not valid UTF-8.");
    }
  }
}
