package dev.feedline.it;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtSignatureBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Tokens made by the tests themselves, as a foreign or production issuer would make them: signed by
 * smallrye-jwt-build, or by jose4j where a token must break a rule smallrye-jwt-build keeps (every
 * token it makes has an expiry). Never by Feedline's own code, so the verifier is checked against
 * someone else's idea of a JWT.
 */
public final class Tokens {
  /** The issuer the local profile signs and accepts. */
  public static final String LOCAL_ISSUER = "feedline-local";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {}

  /** The claims of a token for {@code user} of {@code issuer}, valid for the next hour. */
  public static Map<String, Object> claims(String user, String issuer, String... groups) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", user);
    claims.put("upn", user);
    claims.put("groups", List.of(groups.length == 0 ? new String[] {"user"} : groups));
    claims.put("iat", now);
    claims.put("exp", now + 3600);
    claims.put("jti", UUID.randomUUID().toString());
    return claims;
  }

  /** Signed without a {@code kid}: RS256 with an RSA key, ES256 with an EC P-256 key. */
  public static String sign(Map<String, Object> claims, PrivateKey key) {
    return sign(claims, key, null);
  }

  /** Signed with {@code kid} in the header (none when null). */
  public static String sign(Map<String, Object> claims, PrivateKey key, String kid) {
    JwtSignatureBuilder jws =
        Jwt.claims(claims)
            .jws()
            .algorithm(
                key instanceof ECPrivateKey ? SignatureAlgorithm.ES256 : SignatureAlgorithm.RS256);
    if (kid != null) {
      jws.keyId(kid);
    }
    return jws.sign(key);
  }

  /** Exactly these claims, with no expiry added: made with jose4j, RS256. */
  public static String signAsIs(Map<String, Object> claims, PrivateKey key) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(json(claims));
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setKey(key);
    return serialize(jws);
  }

  /**
   * The algorithm-confusion forgery: HS256 with the verifier's public key (its PEM text) as the
   * HMAC secret, which a verifier that trusts the header's alg would accept.
   */
  public static String hmacWithPublicKey(Map<String, Object> claims, PublicKey verificationKey) {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(json(claims));
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    jws.setKey(new HmacKey(pem(verificationKey).getBytes(StandardCharsets.US_ASCII)));
    jws.setDoKeyValidation(false);
    return serialize(jws);
  }

  /** An unsecured token: {@code alg: none} and an empty signature. */
  public static String unsigned(Map<String, Object> claims) {
    return B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + B64.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8))
        + ".";
  }

  public static KeyPair newRsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair newEcKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The X.509 PEM of a public key, as an operator puts it in MP_JWT_VERIFY_PUBLICKEY. */
  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  /** A JWK set of public keys by kid, as an identity provider publishes it (made by jose4j). */
  public static String jwks(Map<String, PublicKey> keysByKid) {
    List<JsonWebKey> keys = new ArrayList<>();
    try {
      for (Map.Entry<String, PublicKey> entry : keysByKid.entrySet()) {
        JsonWebKey jwk =
            entry.getValue() instanceof ECPublicKey ec
                ? new EllipticCurveJsonWebKey(ec)
                : new RsaJsonWebKey((RSAPublicKey) entry.getValue());
        jwk.setKeyId(entry.getKey());
        jwk.setUse("sig");
        keys.add(jwk);
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(e);
    }
    return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
  }

  /** Reads a PKCS#8 PEM RSA private key. */
  public static PrivateKey readPrivateKey(Path pemFile) {
    try {
      String base64 =
          Files.readString(pemFile, StandardCharsets.US_ASCII)
              .replaceAll("-----[A-Z ]+-----", "")
              .replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the private key " + pemFile, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Not an RSA private key: " + pemFile, e);
    }
  }

  /** The local profile's signing key of the integration tests' server, from its data directory. */
  public static PrivateKey itServerKey() {
    return readPrivateKey(itServerData().resolve("dev-jwt-private.pem"));
  }

  /** The local profile's verification key of the integration tests' server. */
  public static PublicKey itServerPublicKey() {
    try {
      String base64 =
          Files.readString(itServerData().resolve("dev-jwt-public.pem"), StandardCharsets.US_ASCII)
              .replaceAll("-----[A-Z ]+-----", "")
              .replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePublic(
              new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path itServerData() {
    return Path.of(
        System.getProperty("feedline.it.wlp"),
        "usr",
        "servers",
        System.getProperty("feedline.it.server"),
        "data");
  }

  /** The claims as the JSON of a token's payload. */
  public static String json(Map<String, Object> claims) {
    JwtClaims jwtClaims = new JwtClaims();
    claims.forEach(jwtClaims::setClaim);
    return jwtClaims.toJson();
  }

  private static String serialize(JsonWebSignature jws) {
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(e);
    }
  }
}
