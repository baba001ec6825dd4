package dev.feedline.api;

import dev.feedline.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** Makes JAX-RS write bodies with the service's JSON-B configuration. */
@Provider
public class JsonbResolver implements ContextResolver<Jsonb> {
  @Override
  public Jsonb getContext(Class<?> type) {
    return Json.jsonb();
  }
}
