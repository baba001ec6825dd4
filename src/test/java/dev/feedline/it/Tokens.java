package dev.feedline.it;

import dev.feedline.auth.control.JwtSigner;
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
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Tokens made by the tests themselves, as a foreign or production issuer would make them. */
public final class Tokens {
  /** The issuer the local profile signs and accepts. */
  public static final String LOCAL_ISSUER = "feedline-local";

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

  public static String sign(Map<String, Object> claims, PrivateKey key) {
    return JwtSigner.sign(claims, key, "test-key");
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

  /** The X.509 PEM of a public key, as an operator puts it in MP_JWT_VERIFY_PUBLICKEY. */
  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
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
    return readPrivateKey(
        Path.of(
            System.getProperty("feedline.it.wlp"),
            "usr",
            "servers",
            System.getProperty("feedline.it.server"),
            "data",
            "dev-jwt-private.pem"));
  }
}
