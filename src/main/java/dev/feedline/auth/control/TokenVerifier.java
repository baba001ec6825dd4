package dev.feedline.auth.control;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.feedline.auth.entity.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies MicroProfile JWT bearer tokens and names their caller ({@code sub}, else {@code upn};
 * roles from {@code groups}), with the keys and rules of the {@link TokenSettings}.
 */
@ApplicationScoped
public class TokenVerifier {
  @Inject TokenSettings settings;

  public Caller verify(String token) throws TokenRejectedException {
    if (token == null || token.isBlank()) {
      throw new TokenRejectedException("No token.");
    }
    JWTClaimsSet claims = settings.verifier().verify(token);
    String user = string(claims, "sub");
    if (user == null) {
      user = string(claims, "upn");
    }
    if (!Caller.validUserId(user)) {
      throw new TokenRejectedException("The token names no valid user.");
    }
    Set<String> groups = new LinkedHashSet<>();
    if (claims.getClaim("groups") instanceof List<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(groups::add);
    }
    // The connection lives as long as the token would still verify: its expiry plus the skew.
    long acceptedUntil =
        claims.getExpirationTime().toInstant().getEpochSecond() + settings.skewSeconds();
    return new Caller(user, groups, acceptedUntil);
  }

  private static String string(JWTClaimsSet claims, String name) {
    return claims.getClaim(name) instanceof String s ? s : null;
  }
}
