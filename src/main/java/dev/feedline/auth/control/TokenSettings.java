package dev.feedline.auth.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import dev.feedline.auth.control.KeyMaterial.KeyProblem;
import dev.feedline.configuration.Profile;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The settings that token verification needs and the keys they name: checked before the node
 * serves, then made into the {@link JwtVerifier} that the {@link TokenVerifier} checks tokens with.
 * Production reads the standard mp.jwt.verify.* keys; the local profile uses its own generated key
 * and issuer, through the same {@link JwtVerifier}.
 */
@ApplicationScoped
public class TokenSettings {
  /** The algorithms a verification key may be configured for: asymmetric signatures only. */
  static final Set<JWSAlgorithm> ASYMMETRIC =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  @Inject Profile profile;
  @Inject DevKeys devKeys;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey")
  Optional<String> publicKey;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey.location")
  Optional<String> publicKeyLocation;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm")
  String algorithms;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.issuer")
  Optional<String> issuer;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.audiences")
  Optional<String> audiences;

  @Inject
  @ConfigProperty(name = "mp.jwt.verify.clock.skew")
  long skewSeconds;

  @Inject
  @ConfigProperty(name = "feedline.auth.keys-refresh-seconds")
  long refreshSeconds;

  @Inject
  @ConfigProperty(name = "feedline.auth.unknown-kid-refresh-seconds")
  long unknownKidRefreshSeconds;

  private VerificationKeys keys;
  private volatile JwtVerifier verifier;

  /**
   * Loads the keys and checks the settings that verification needs, then starts reloading the keys
   * from their location. What is wrong comes back one line each, naming the setting; the node must
   * not start then. Settings that are missing altogether are RequiredSettings' to name.
   */
  public synchronized List<String> prepare() {
    if (verifier != null) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    if (skewSeconds < 0 || skewSeconds > 3600) {
      problems.add(
          "mp.jwt.verify.clock.skew (MP_JWT_VERIFY_CLOCK_SKEW): seconds from 0 to 3600, not "
              + skewSeconds);
    }
    if (refreshSeconds < 1) {
      problems.add(
          "feedline.auth.keys-refresh-seconds (FEEDLINE_AUTH_KEYS_REFRESH_SECONDS): 1 or more, not "
              + refreshSeconds);
    }
    if (profile.isLocal()) {
      if (problems.isEmpty()) {
        keys = VerificationKeys.fixed(devKeys.verificationKeys());
        verifier = verifier(Set.of(JWSAlgorithm.RS256), DevKeys.ISSUER, Set.of());
      }
      return problems;
    }
    Set<JWSAlgorithm> accepted = algorithms(problems);
    VerificationKeys loaded = loadKeys(problems);
    if (loaded != null && !accepted.isEmpty() && !fitsAny(loaded.current(), accepted)) {
      problems.add(
          keySetting()
              + " cannot be used: it holds no key for "
              + accepted.stream().map(JWSAlgorithm::getName).sorted().toList()
              + " (mp.jwt.verify.publickey.algorithm); its "
              + VerificationKeys.describe(loaded.current()));
    }
    if (!problems.isEmpty() || loaded == null) {
      if (loaded != null) {
        loaded.close();
      }
      return problems;
    }
    loaded.reloadEvery(Duration.ofSeconds(refreshSeconds));
    loaded.readAgainOnUnknownKid(Duration.ofSeconds(unknownKidRefreshSeconds));
    keys = loaded;
    verifier = verifier(accepted, issuer.filter(s -> !s.isBlank()).orElse(null), audienceSet());
    return problems;
  }

  @PreDestroy
  synchronized void stop() {
    if (keys != null) {
      keys.close();
    }
  }

  // Public, as every method another bean calls through its CDI client proxy.

  /** How long past its expiry a token is still accepted, in seconds. */
  public long skewSeconds() {
    return skewSeconds;
  }

  /** The signature and claims check; set up now if the start-up check has not run. */
  public JwtVerifier verifier() {
    JwtVerifier current = verifier;
    if (current == null) {
      List<String> problems = prepare();
      current = verifier;
      if (current == null) {
        throw new IllegalStateException("Token verification is not set up: " + problems);
      }
    }
    return current;
  }

  private JwtVerifier verifier(Set<JWSAlgorithm> accepted, String iss, Set<String> aud) {
    VerificationKeys source = keys;
    return new JwtVerifier(
        source::current,
        source::forUnknownKid,
        accepted,
        iss,
        aud,
        (int) skewSeconds,
        Clock.systemUTC());
  }

  private Set<JWSAlgorithm> algorithms(List<String> problems) {
    Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
    for (String name : algorithms.split(",")) {
      JWSAlgorithm algorithm = JWSAlgorithm.parse(name.strip());
      if (!ASYMMETRIC.contains(algorithm)) {
        problems.add(
            "mp.jwt.verify.publickey.algorithm (MP_JWT_VERIFY_PUBLICKEY_ALGORITHM): '"
                + name.strip()
                + "' is not an accepted signature algorithm; use RS256, RS384, RS512, PS256,"
                + " PS384, PS512, ES256, ES384 or ES512");
        return Set.of();
      }
      accepted.add(algorithm);
    }
    return accepted;
  }

  /** The configured keys, or null when there are none (or they cannot be used: then said why). */
  private VerificationKeys loadKeys(List<String> problems) {
    try {
      if (publicKey.filter(k -> !k.isBlank()).isPresent()) {
        return VerificationKeys.fixed(KeyMaterial.parse(publicKey.get()));
      }
      if (publicKeyLocation.filter(k -> !k.isBlank()).isPresent()) {
        return VerificationKeys.at(publicKeyLocation.get().strip());
      }
    } catch (KeyProblem e) {
      problems.add(keySetting() + " cannot be used: " + e.getMessage());
    }
    return null;
  }

  private String keySetting() {
    return publicKey.filter(k -> !k.isBlank()).isPresent()
        ? "mp.jwt.verify.publickey (MP_JWT_VERIFY_PUBLICKEY)"
        : "mp.jwt.verify.publickey.location (MP_JWT_VERIFY_PUBLICKEY_LOCATION) "
            + publicKeyLocation.orElse("");
  }

  private static boolean fitsAny(JWKSet set, Set<JWSAlgorithm> accepted) {
    return accepted.stream()
        .map(alg -> JWKMatcher.forJWSHeader(new JWSHeader(alg)))
        .anyMatch(matcher -> !new JWKSelector(matcher).select(set).isEmpty());
  }

  private Set<String> audienceSet() {
    return audiences
        .map(a -> Arrays.stream(a.split(",")).map(String::strip).filter(s -> !s.isEmpty()))
        .map(s -> s.collect(Collectors.toSet()))
        .orElse(Set.of());
  }
}
