package dev.feedline.api;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/** The one JSON-B configuration of the service: nulls are written, as API.md's post shows. */
public final class Json {
  private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

  private Json() {}

  public static Jsonb jsonb() {
    return JSONB;
  }

  public static String write(Object value) {
    return JSONB.toJson(value);
  }
}
