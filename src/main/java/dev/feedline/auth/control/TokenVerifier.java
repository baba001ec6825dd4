package dev.feedline.auth.control;

import dev.feedline.auth.entity.Caller;
import dev.feedline.configuration.Profile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Verifies MicroProfile JWT bearer tokens and names their caller ({@code sub}, else {@code upn};
 * roles from {@code groups}). Production reads the standard mp.jwt.verify.* keys; the local profile
 * uses its own generated key and issuer.
 */
@ApplicationScoped
public class TokenVerifier {
  @Inject Profile profile;
  @Inject DevKeys devKeys;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey")
  Optional<String> publicKey;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey.location")
  Optional<String> publicKeyLocation;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.issuer")
  Optional<String> issuer;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.audiences")
  Optional<String> audiences;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
  long skewSeconds;

  private volatile JwtVerifier verifier;

  public Caller verify(String token) throws TokenRejectedException {
    if (token == null || token.isBlank()) {
      throw new TokenRejectedException("No token.");
    }
    JsonObject claims = verifier().verify(token, Instant.now().getEpochSecond());
    String user = JwtVerifier.string(claims, "sub");
    if (user == null) {
      user = JwtVerifier.string(claims, "upn");
    }
    if (!Caller.validUserId(user)) {
      throw new TokenRejectedException("The token names no valid user.");
    }
    Set<String> groups = new HashSet<>();
    if (claims.get("groups") instanceof JsonArray array) {
      array.forEach(
          v -> {
            if (v instanceof JsonString s) {
              groups.add(s.getString());
            }
          });
    }
    long expiresAt = claims.get("exp") instanceof jakarta.json.JsonNumber exp ? exp.longValue() : 0;
    return new Caller(user, groups, expiresAt);
  }

  private JwtVerifier verifier() {
    JwtVerifier current = verifier;
    if (current == null) {
      current =
          profile.isLocal()
              ? new JwtVerifier(devKeys.publicKey(), DevKeys.ISSUER, Set.of(), skewSeconds)
              : new JwtVerifier(configuredKey(), issuer.orElse(null), audienceSet(), skewSeconds);
      verifier = current;
    }
    return current;
  }

  private Set<String> audienceSet() {
    return audiences
        .map(a -> Arrays.stream(a.split(",")).map(String::strip).filter(s -> !s.isEmpty()))
        .map(s -> s.collect(Collectors.toSet()))
        .orElse(Set.of());
  }

  private PublicKey configuredKey() {
    String pem =
        publicKey.filter(k -> !k.isBlank()).orElseGet(() -> read(publicKeyLocation.orElseThrow()));
    return parsePublicKey(pem);
  }

  /** Parses a PEM or bare base64 X.509 RSA public key. */
  public static PublicKey parsePublicKey(String pem) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("The token verification key is not an RSA public key", e);
    }
  }

  private static String read(String location) {
    try {
      Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
      return Files.readString(path, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the token verification key " + location, e);
    }
  }
}
