package dev.feedline.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Verifies a compact JWS with Nimbus JOSE+JWT as MicroProfile JWT does: signed with one of the
 * allowed asymmetric algorithms by a key of the current set, chosen by the token's {@code kid};
 * issuer, audiences (when configured), expiry (required) and not-before, within a clock skew.
 * Unsigned and encrypted tokens are refused, and so is any algorithm not allowed, HMAC above all.
 */
public final class JwtVerifier {
  /** What a token's {@code typ} may say: nothing, JWT, or an OAuth access token (RFC 9068). */
  private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES =
      new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /** A verifier whose key set has no other source to ask for a key id it lacks. */
  public JwtVerifier(
      Supplier<JWKSet> keys,
      Set<JWSAlgorithm> algorithms,
      String issuer,
      Set<String> audiences,
      int skewSeconds,
      Clock clock) {
    this(keys, kid -> keys.get(), algorithms, issuer, audiences, skewSeconds, clock);
  }

  /**
   * @param keys the current key set, asked on every token (so a reloaded set applies at once)
   * @param unknownKid the key set to try when the current one has no key of a token's {@code kid}
   *     (a set read again, as JWKS clients do on a key rotation; it decides how often)
   * @param algorithms the accepted signature algorithms, none of them symmetric
   * @param issuer the {@code iss} required, or null for any
   * @param audiences accepted {@code aud} values; empty: any, or none
   */
  public JwtVerifier(
      Supplier<JWKSet> keys,
      Function<String, JWKSet> unknownKid,
      Set<JWSAlgorithm> algorithms,
      String issuer,
      Set<String> audiences,
      int skewSeconds,
      Clock clock) {
    processor.setJWSTypeVerifier(TYPES);
    processor.setJWSKeySelector(new KidSelector(keys, unknownKid, Set.copyOf(algorithms)));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audiences.isEmpty() ? null : Set.copyOf(audiences),
            issuer == null ? null : new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("exp"),
            null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew(skewSeconds);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** The token's claims, once everything about it verifies. */
  public JWTClaimsSet verify(String token) throws TokenRejectedException {
    try {
      return processor.process(token, null);
    } catch (ParseException e) {
      throw new TokenRejectedException("The token is not a well-formed JWT.");
    } catch (ExpiredJWTException e) {
      throw new TokenRejectedException("The token has expired.");
    } catch (BadJWTException e) {
      // The claims checks' own words: which claim, and what was expected of it.
      throw new TokenRejectedException("The token is not accepted: " + e.getMessage() + ".");
    } catch (BadJOSEException | JOSEException e) {
      throw new TokenRejectedException(
          "The token's signature does not verify with an accepted algorithm and key.");
    } catch (RuntimeException e) {
      throw new TokenRejectedException("The token is not a well-formed JWT.");
    }
  }

  /**
   * Picks the keys that may have signed a token: those of its {@code kid} that fit its algorithm. A
   * key without a kid (one given as PEM) fits any kid, as MicroProfile JWT treats a single key. A
   * kid the current set lacks asks {@code unknownKid} for a fresher set.
   */
  private record KidSelector(
      Supplier<JWKSet> keys, Function<String, JWKSet> unknownKid, Set<JWSAlgorithm> algorithms)
      implements JWSKeySelector<SecurityContext> {
    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) {
      if (!algorithms.contains(header.getAlgorithm())) {
        return List.of();
      }
      JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
      if (matcher == null) {
        return List.of();
      }
      JWKSet set = keys.get();
      List<? extends Key> found = select(set, matcher, header);
      if (found.isEmpty() && header.getKeyID() != null) {
        JWKSet fresh = unknownKid.apply(header.getKeyID());
        if (fresh != set) {
          found = select(fresh, matcher, header);
        }
      }
      return found;
    }

    private static List<? extends Key> select(JWKSet set, JWKMatcher matcher, JWSHeader header) {
      List<JWK> matches = new JWKSelector(matcher).select(set);
      if (matches.isEmpty() && header.getKeyID() != null) {
        JWKMatcher anyKid = new JWKMatcher.Builder(matcher).keyIDs((Set<String>) null).build();
        matches =
            new JWKSelector(anyKid)
                .select(set).stream().filter(key -> key.getKeyID() == null).toList();
      }
      return KeyConverter.toJavaKeys(matches);
    }
  }
}
