package dev.feedline.push.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.json.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Signs the {@code Authorization: vapid t=<JWT>, k=<key>} header of push requests (RFC 8292): an
 * ES256 JWT whose {@code aud} is the push service's origin, {@code exp} at most 24 hours ahead and
 * {@code sub} the operator's contact. One token per origin is reused until a quarter of its
 * lifetime is left, so a burst of pushes signs once, not once per message.
 */
public final class VapidSigner {
  /** How far ahead a token expires unless configured otherwise. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

  /** The longest lifetime RFC 8292 section 2 allows a token. */
  public static final Duration MAX_LIFETIME = Duration.ofHours(24);

  private static final String HEADER =
      Base64Url.encode("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
  // Push services are few; the bound only keeps endpoints made up by subscribers from growing it.
  private static final int MAX_ORIGINS = 1_000;

  private final VapidKeys keys;
  private final String contact;
  private final Duration lifetime;
  private final Clock clock;
  private final Cache<String, Token> tokens =
      Caffeine.newBuilder().maximumSize(MAX_ORIGINS).build();

  /**
   * @param contact a {@code mailto:} or {@code https:} URI where the push service can reach the
   *     operator
   * @param lifetime how far ahead each token expires: more than zero, at most 24 hours
   * @throws IllegalArgumentException when the contact or the lifetime is not one of those
   */
  public VapidSigner(VapidKeys keys, String contact, Duration lifetime, Clock clock) {
    this.keys = keys;
    this.contact = checkedContact(contact);
    if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "The VAPID token lifetime must be more than 0 and at most 24 hours, not " + lifetime);
    }
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** The public key browsers subscribe with ({@code k} of the header), base64url. */
  public String publicKey() {
    return keys.publicKey();
  }

  /** The value of the {@code Authorization} header for a push to {@code endpoint}. */
  public String authorization(URI endpoint) {
    Instant now = clock.instant();
    return tokens
        .asMap()
        .compute(
            audience(endpoint),
            (origin, held) -> held != null && now.isBefore(held.renewAt) ? held : mint(origin, now))
        .header;
  }

  /**
   * The origin of {@code endpoint} (RFC 6454): scheme, host and a port other than the scheme's
   * default, lower case, no path.
   *
   * @throws IllegalArgumentException when it is not an absolute http or https URI with a host
   */
  public static String audience(URI endpoint) {
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort =
        switch (scheme) {
          case "https" -> 443;
          case "http" -> 80;
          default ->
              throw new IllegalArgumentException("A push endpoint is an http(s) URI: " + endpoint);
        };
    if (endpoint.getHost() == null) {
      throw new IllegalArgumentException("A push endpoint names a host: " + endpoint);
    }
    int port = endpoint.getPort();
    return scheme
        + "://"
        + endpoint.getHost().toLowerCase(Locale.ROOT)
        + (port == -1 || port == defaultPort ? "" : ":" + port);
  }

  private Token mint(String audience, Instant now) {
    Instant expiry = now.plus(lifetime);
    String claims =
        Json.createObjectBuilder()
            .add("aud", audience)
            .add("exp", expiry.getEpochSecond())
            .add("sub", contact)
            .build()
            .toString();
    String signingInput = HEADER + "." + Base64Url.encode(claims.getBytes(StandardCharsets.UTF_8));
    String jwt = signingInput + "." + Base64Url.encode(sign(signingInput));
    return new Token(
        "vapid t=" + jwt + ", k=" + keys.publicKey(),
        now.plus(lifetime.multipliedBy(3).dividedBy(4)));
  }

  // JWS wants ECDSA signatures as R||S of 32 bytes each (RFC 7518 section 3.4), not the DER the
  // JDK's plain SHA256withECDSA gives.
  private byte[] sign(String signingInput) {
    try {
      Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
      signer.initSign(keys.signingKey());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ES256 signing failed", e);
    }
  }

  private static String checkedContact(String contact) {
    String value = contact == null ? "" : contact.strip();
    if (!isContact(value)) {
      throw new IllegalArgumentException(
          "The VAPID contact must be a mailto: or https: URI (RFC 8292 section 2.1), not '"
              + contact
              + "'");
    }
    return value;
  }

  private static boolean isContact(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return switch (scheme) {
        case "mailto" -> !uri.getSchemeSpecificPart().isEmpty();
        case "https" -> uri.getHost() != null;
        default -> false;
      };
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private record Token(String header, Instant renewAt) {}
}
