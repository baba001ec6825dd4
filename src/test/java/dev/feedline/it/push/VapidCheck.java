package dev.feedline.it.push;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a push service checks of a VAPID {@code Authorization} header, written from RFC 8292 (with
 * RFC 7515 and 7518 for the JWT) and sharing no code with the service: an ES256 signature by the
 * key in {@code k}, {@code aud} its own origin, {@code exp} in the next 24 hours, a {@code sub}.
 */
public final class VapidCheck {
  private static final Duration MAX_AHEAD = Duration.ofHours(24);

  private VapidCheck() {}

  /** The claims of a header that passed. */
  public record Vapid(String key, String audience, long expiry, String subject) {}

  /**
   * The claims of {@code authorization} when a push service at {@code origin} would accept it at
   * {@code now}.
   *
   * @throws PushRejected saying what is wrong with it
   */
  public static Vapid verify(String authorization, String origin, Instant now) {
    Map<String, String> params = params(authorization);
    String token = params.get("t");
    String key = params.get("k");
    if (token == null || key == null) {
      throw new PushRejected("vapid needs both t and k: " + params.keySet());
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new PushRejected("t is not a JWS in compact form");
    }
    JsonObject header = json(parts[0]);
    if (!"ES256".equals(string(header, "alg"))) {
      throw new PushRejected("alg is " + header.get("alg") + ", not ES256");
    }
    byte[] signature = decode(parts[2]);
    if (!verifies(
        key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature)) {
      throw new PushRejected("the signature is not by k");
    }
    JsonObject claims = json(parts[1]);
    String audience = string(claims, "aud");
    if (!origin.equals(audience)) {
      throw new PushRejected("aud is " + audience + ", not this push service's " + origin);
    }
    if (!(claims.get("exp") instanceof JsonNumber exp) || !exp.isIntegral()) {
      throw new PushRejected("exp is missing or not a number of seconds");
    }
    long expiry = exp.longValue();
    if (expiry <= now.getEpochSecond()) {
      throw new PushRejected("expired at " + Instant.ofEpochSecond(expiry));
    }
    if (expiry > now.plus(MAX_AHEAD).getEpochSecond()) {
      throw new PushRejected("exp is more than 24 hours ahead: " + Instant.ofEpochSecond(expiry));
    }
    String subject = string(claims, "sub");
    if (subject == null || !(subject.startsWith("mailto:") || subject.startsWith("https:"))) {
      throw new PushRejected("sub is not a mailto: or https: contact: " + subject);
    }
    return new Vapid(key, audience, expiry, subject);
  }

  // RFC 7235 credentials: the scheme, then auth-params name=value (token or quoted-string).
  private static Map<String, String> params(String authorization) {
    if (authorization == null) {
      throw new PushRejected("no Authorization header");
    }
    String[] schemeAndRest = authorization.strip().split("\\s+", 2);
    if (!schemeAndRest[0].equalsIgnoreCase("vapid") || schemeAndRest.length < 2) {
      throw new PushRejected("Authorization is not of the vapid scheme");
    }
    Map<String, String> params = new HashMap<>();
    for (String param : schemeAndRest[1].split(",")) {
      String[] nameAndValue = param.strip().split("\\s*=\\s*", 2);
      if (nameAndValue.length != 2) {
        throw new PushRejected("malformed auth-param: " + param);
      }
      String value = nameAndValue[1];
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      params.put(nameAndValue[0].toLowerCase(Locale.ROOT), value);
    }
    return params;
  }

  private static boolean verifies(String key, byte[] signingInput, byte[] signature) {
    if (signature.length != 64) {
      throw new PushRejected("an ES256 signature is 64 bytes (R||S), not " + signature.length);
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(UserAgent.publicKey(decode(key)));
      verifier.update(signingInput);
      return verifier.verify(der(signature));
    } catch (GeneralSecurityException e) {
      throw new PushRejected("the signature cannot be checked", e);
    }
  }

  // RFC 7518 section 3.4 writes R and S as 32 bytes each; the JDK's verifier reads the ASN.1
  // SEQUENCE { INTEGER r, INTEGER s } of X9.62.
  static byte[] der(byte[] jose) {
    byte[] r = integer(Arrays.copyOfRange(jose, 0, 32));
    byte[] s = integer(Arrays.copyOfRange(jose, 32, 64));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.write(r.length + s.length);
    out.writeBytes(r);
    out.writeBytes(s);
    return out.toByteArray();
  }

  private static byte[] integer(byte[] unsigned) {
    byte[] value =
        new BigInteger(1, unsigned).toByteArray(); // minimal, with a 0 if the top bit is set
    byte[] encoded = new byte[value.length + 2];
    encoded[0] = 0x02;
    encoded[1] = (byte) value.length;
    System.arraycopy(value, 0, encoded, 2, value.length);
    return encoded;
  }

  private static JsonObject json(String part) {
    try (var reader =
        Json.createReader(new StringReader(new String(decode(part), StandardCharsets.UTF_8)))) {
      return reader.readObject();
    } catch (RuntimeException e) {
      throw new PushRejected("a JWT part is not a JSON object", e);
    }
  }

  private static String string(JsonObject object, String name) {
    JsonValue value = object.get(name);
    return value instanceof JsonString text ? text.getString() : null;
  }

  private static byte[] decode(String base64url) {
    try {
      return UserAgent.decode(base64url);
    } catch (IllegalArgumentException e) {
      throw new PushRejected("not base64url: " + base64url, e);
    }
  }
}
