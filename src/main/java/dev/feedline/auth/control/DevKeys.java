package dev.feedline.auth.control;

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
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The local profile's signing key: an RSA pair made on first start and kept in the data directory,
 * so tokens stay valid across restarts. Never used in production.
 */
@ApplicationScoped
public class DevKeys {
  public static final String ISSUER = "feedline-local";
  private static final Logger LOG = Logger.getLogger(DevKeys.class.getName());

  @Inject
  @ConfigProperty(name = "feedline.data-dir")
  String dataDir;

  private volatile KeyPair keys;

  public PublicKey publicKey() {
    return keys().getPublic();
  }

  public PrivateKey privateKey() {
    return keys().getPrivate();
  }

  private KeyPair keys() {
    KeyPair current = keys;
    if (current == null) {
      synchronized (this) {
        if (keys == null) {
          keys = loadOrCreate(Path.of(dataDir));
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
