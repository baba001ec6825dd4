package dev.feedline.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The local profile's token minting settings, read once: where its signing key is kept and how long
 * the tokens it mints live. Production reads neither. Kept apart from {@link TokenSettings}, which
 * checks the tokens and holds the {@link DevKeys} these settings serve.
 */
@ApplicationScoped
public class DevSettings {
  @Inject
  @ConfigProperty(name = "feedline.data-dir")
  String dataDir;

  @Inject
  @ConfigProperty(name = "feedline.dev.token-ttl-seconds")
  long tokenTtlSeconds;

  /** Where the local signing key is kept, so tokens stay valid across restarts. */
  public Path dataDir() {
    return Path.of(dataDir);
  }

  /** How long a token minted by POST /api/v1/dev/tokens is valid. */
  public Duration tokenTtl() {
    return Duration.ofSeconds(tokenTtlSeconds);
  }
}
