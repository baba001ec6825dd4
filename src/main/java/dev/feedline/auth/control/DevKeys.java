package dev.feedline.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The local profile's signing key: an RSA pair made on first start and kept in the data directory,
 * so tokens stay valid across restarts. Never used in production.
 */
@ApplicationScoped
public class DevKeys {
  public static final String ISSUER = "feedline-local";

  /** The {@code kid} of the local key, in the header of every token it signs. */
  public static final String KEY_ID = "feedline-local";

  private static final Logger LOG = Logger.getLogger(DevKeys.class.getName());

  @Inject DevSettings settings;

  private volatile KeyPair keys;

  public PublicKey publicKey() {
    return keys().getPublic();
  }

  public PrivateKey privateKey() {
    return keys().getPrivate();
  }

  /** The key set that verifies this key's tokens: its public half, under its kid. */
  public JWKSet verificationKeys() {
    return new JWKSet(
        new RSAKey.Builder((RSAPublicKey) publicKey())
            .keyID(KEY_ID)
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.RS256)
            .build());
  }

  /** A token for {@code user} in {@code groups}, valid for {@code ttl} from now, signed RS256. */
  public String mint(String user, List<String> groups, Duration ttl) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(user)
            .claim("upn", user)
            .claim("groups", groups)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT token =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(KEY_ID)
                .build(),
            claims);
    try {
      token.sign(new RSASSASigner(privateKey()));
    } catch (JOSEException e) {
      throw new IllegalStateException("Cannot sign a token", e);
    }
    return token.serialize();
  }

  private KeyPair keys() {
    KeyPair current = keys;
    if (current == null) {
      synchronized (this) {
        if (keys == null) {
          keys = loadOrCreate(settings.dataDir());
        }
        current = keys;
      }
    }
    return current;
  }

  static KeyPair loadOrCreate(Path dir) {
    Path privateFile = dir.resolve("dev-jwt-private.pem");
    Path publicFile = dir.resolve("dev-jwt-public.pem");
    try {
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      if (Files.exists(privateFile) && Files.exists(publicFile)) {
        PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(readPem(privateFile)));
        PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(readPem(publicFile)));
        return new KeyPair(publicKey, privateKey);
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      Files.createDirectories(dir);
      writePem(privateFile, "PRIVATE KEY", pair.getPrivate().getEncoded());
      writePem(publicFile, "PUBLIC KEY", pair.getPublic().getEncoded());
      LOG.info("Created the local profile's token signing key in the data directory");
      return pair;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the local signing key in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make the local signing key", e);
    }
  }

  private static byte[] readPem(Path file) throws IOException {
    String body =
        Files.readString(file, StandardCharsets.US_ASCII)
            .replaceAll("-----[A-Z ]+-----", "")
            .replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  private static void writePem(Path file, String label, byte[] der) throws IOException {
    String pem =
        "-----BEGIN "
            + label
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END "
            + label
            + "-----\n";
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }
}
