package dev.feedline.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP API's own settings, read once: how large a request body may be, and which browser
 * origins may read answers from another site. Defaults and meanings in the README.
 */
@ApplicationScoped
public class ApiSettings {
  @Inject
  @ConfigProperty(name = "feedline.http.max-body-bytes")
  int maxBodyBytes;

  // Optional: the default is empty, which MicroProfile Config reads as no value at all.
  @Inject
  @ConfigProperty(name = "feedline.cors.allowed-origins")
  Optional<List<String>> allowedOrigins;

  /** Bytes a request body may have; a larger one is refused with 413 before it is parsed. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * The origins whose pages may read the stream from another site, {@code *} for any; empty when
   * none is set, so cross-site reading is off unless someone turns it on.
   */
  public List<String> allowedOrigins() {
    return allowedOrigins.orElse(List.of());
  }
}
