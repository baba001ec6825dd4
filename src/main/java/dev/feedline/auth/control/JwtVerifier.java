package dev.feedline.auth.control;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a compact RS256 JWT the way MicroProfile JWT does: signature by the configured key,
 * issuer, optional audiences, expiry (required) and not-before, with a clock skew.
 */
public final class JwtVerifier {
  // Json.createReader looks its provider up through the ServiceLoader on every call.
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private final PublicKey key;
  private final String issuer;
  private final Set<String> audiences;
  private final long skewSeconds;

  public JwtVerifier(PublicKey key, String issuer, Set<String> audiences, long skewSeconds) {
    this.key = key;
    this.issuer = issuer;
    this.audiences = Set.copyOf(audiences);
    this.skewSeconds = skewSeconds;
  }

  /** The token's claims, once everything about it verifies. */
  public JsonObject verify(String token, long nowEpochSeconds) throws TokenRejectedException {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new TokenRejectedException("The token is not a signed JWT.");
    }
    JsonObject header = decode(parts[0]);
    if (!"RS256".equals(string(header, "alg"))) {
      throw new TokenRejectedException("The token must be signed with RS256.");
    }
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        throw new TokenRejectedException("The token's signature does not verify.");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new TokenRejectedException("The token's signature does not verify.");
    }
    JsonObject claims = decode(parts[1]);
    if (issuer != null && !issuer.equals(string(claims, "iss"))) {
      throw new TokenRejectedException("The token's issuer is not accepted.");
    }
    if (!audiences.isEmpty() && !audienceMatches(claims.get("aud"))) {
      throw new TokenRejectedException("The token's audience is not accepted.");
    }
    Long exp = number(claims, "exp");
    if (exp == null || exp + skewSeconds < nowEpochSeconds) {
      throw new TokenRejectedException("The token has expired.");
    }
    Long nbf = number(claims, "nbf");
    if (nbf != null && nbf - skewSeconds > nowEpochSeconds) {
      throw new TokenRejectedException("The token is not valid yet.");
    }
    return claims;
  }

  private boolean audienceMatches(JsonValue aud) {
    if (aud instanceof JsonString single) {
      return audiences.contains(single.getString());
    }
    if (aud instanceof JsonArray many) {
      return many.stream()
          .anyMatch(v -> v instanceof JsonString s && audiences.contains(s.getString()));
    }
    return false;
  }

  private static JsonObject decode(String part) throws TokenRejectedException {
    try (JsonReader reader =
        READERS.createReader(
            new StringReader(
                new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)))) {
      return reader.readObject();
    } catch (IllegalArgumentException | JsonParsingException | ClassCastException e) {
      throw new TokenRejectedException("The token is not a well-formed JWT.");
    } catch (RuntimeException e) {
      throw new TokenRejectedException("The token is not a well-formed JWT.");
    }
  }

  static String string(JsonObject object, String name) {
    return object.get(name) instanceof JsonString s ? s.getString() : null;
  }

  private static Long number(JsonObject object, String name) {
    return object.get(name) instanceof JsonNumber n ? n.longValue() : null;
  }
}
