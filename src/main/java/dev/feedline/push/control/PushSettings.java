package dev.feedline.push.control;

import dev.feedline.configuration.Profile;
import dev.feedline.push.entity.VapidKeyPair;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Web Push settings, read once. Push is offered when a VAPID key pair and a contact are configured;
 * the local profile makes a key pair in its data directory on first use (like its token key) and
 * uses a local contact unless one is set.
 */
@ApplicationScoped
public class PushSettings {
  private static final Logger LOG = Logger.getLogger(PushSettings.class.getName());
  private static final String LOCAL_CONTACT = "mailto:push@feedline.invalid";
  private static final String KEY_FILE = "push-vapid-keys";

  @Inject Profile profile;

  @Inject
  @ConfigProperty(name = "feedline.push.vapid-public-key")
  Optional<String> publicKey;

  @Inject
  @ConfigProperty(name = "feedline.push.vapid-private-key")
  Optional<String> privateKey;

  @Inject
  @ConfigProperty(name = "feedline.push.contact")
  Optional<String> contact;

  @Inject
  @ConfigProperty(name = "feedline.data-dir")
  String dataDir;

  @Inject
  @ConfigProperty(name = "feedline.push.ttl-seconds")
  long ttlSeconds;

  @Inject
  @ConfigProperty(name = "feedline.push.connect-timeout-ms")
  long connectTimeoutMs;

  @Inject
  @ConfigProperty(name = "feedline.push.timeout-ms")
  long timeoutMs;

  @Inject
  @ConfigProperty(name = "feedline.push.concurrency")
  int concurrency;

  @Inject
  @ConfigProperty(name = "feedline.push.poll-interval-ms")
  long pollIntervalMs;

  @Inject
  @ConfigProperty(name = "feedline.push.max-backoff-seconds")
  long maxBackoffSeconds;

  @Inject
  @ConfigProperty(name = "feedline.push.max-subscriptions-per-user")
  int maxSubscriptionsPerUser;

  private volatile Optional<VapidSigner> signer;

  /** The VAPID signer, or empty when push is not configured (the API then answers 503). */
  public Optional<VapidSigner> signer() {
    Optional<VapidSigner> current = signer;
    if (current == null) {
      synchronized (this) {
        if (signer == null) {
          signer = makeSigner();
        }
        current = signer;
      }
    }
    return current;
  }

  /**
   * What keeps push from being offered, for the start-up check: a key without the other, a key pair
   * that does not parse or belong together, a contact that is not mailto: or https:.
   */
  public List<String> problems() {
    if (publicKey.isPresent() != privateKey.isPresent()) {
      return List.of(
          "feedline.push.vapid-public-key and feedline.push.vapid-private-key: set both or"
              + " neither");
    }
    try {
      signer();
      return List.of();
    } catch (IllegalArgumentException e) {
      return List.of("Web Push: " + e.getMessage());
    }
  }

  public boolean local() {
    return profile.isLocal();
  }

  public Duration ttl() {
    return Duration.ofSeconds(ttlSeconds);
  }

  public Duration connectTimeout() {
    return Duration.ofMillis(connectTimeoutMs);
  }

  /** How long one push may take, from the request to the push service's answer. */
  public Duration timeout() {
    return Duration.ofMillis(timeoutMs);
  }

  /** Pushes in flight at once on this node. */
  public int concurrency() {
    return concurrency;
  }

  public Duration pollInterval() {
    return Duration.ofMillis(pollIntervalMs);
  }

  public Duration maxBackoff() {
    return Duration.ofSeconds(maxBackoffSeconds);
  }

  /** Devices one person may subscribe; one more is refused, never an older one dropped. */
  public int maxSubscriptionsPerUser() {
    return maxSubscriptionsPerUser;
  }

  /**
   * How long a node holds a push it took before another may take it: past the connect and answer
   * timeouts, so only a node that died (or stalled) mid-send loses it.
   */
  public Duration lease() {
    return connectTimeout().plus(timeout()).multipliedBy(2).plusSeconds(5);
  }

  private Optional<VapidSigner> makeSigner() {
    Optional<VapidKeys> keys;
    if (publicKey.isPresent() && privateKey.isPresent()) {
      keys = Optional.of(VapidKeys.parse(new VapidKeyPair(privateKey.get(), publicKey.get())));
    } else if (profile.isLocal() && publicKey.isEmpty() && privateKey.isEmpty()) {
      keys = Optional.of(localKeys(Path.of(dataDir)));
    } else {
      keys = Optional.empty();
    }
    Optional<String> who =
        contact.isPresent()
            ? contact
            : profile.isLocal() ? Optional.of(LOCAL_CONTACT) : Optional.empty();
    if (keys.isEmpty() || who.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new VapidSigner(keys.get(), who.get(), VapidSigner.DEFAULT_LIFETIME, Clock.systemUTC()));
  }

  /** The local profile's key pair: two base64url lines in the data directory, made once. */
  static VapidKeys localKeys(Path dir) {
    Path file = dir.resolve(KEY_FILE);
    try {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        return VapidKeys.parse(new VapidKeyPair(lines.get(0).trim(), lines.get(1).trim()));
      }
      VapidKeys made = VapidKeys.generate();
      VapidKeyPair encoded = made.encoded();
      Files.createDirectories(dir);
      Files.writeString(
          file,
          encoded.privateKey() + "\n" + encoded.publicKey() + "\n",
          StandardCharsets.US_ASCII);
      LOG.info("Created the local profile's Web Push (VAPID) key pair in the data directory");
      return made;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the local VAPID key pair in " + dir, e);
    }
  }
}
