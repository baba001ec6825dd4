package dev.feedline.push.control;

import dev.feedline.push.entity.VapidKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;

/**
 * The server's VAPID key pair (RFC 8292): read from its base64url forms, or made anew. Its public
 * key is the {@code applicationServerKey} that browsers subscribe with, so changing it orphans
 * every subscription.
 */
public final class VapidKeys {
  private final ECPrivateKey privateKey;
  private final ECPublicKey publicKey;
  private final byte[] point;

  private VapidKeys(ECPrivateKey privateKey, ECPublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.point = P256.encode(publicKey);
  }

  /** A new key pair, drawn from a {@link SecureRandom}. */
  public static VapidKeys generate() {
    KeyPair pair = P256.generate(new SecureRandom());
    return new VapidKeys((ECPrivateKey) pair.getPrivate(), (ECPublicKey) pair.getPublic());
  }

  /**
   * The key pair written as {@code keys}.
   *
   * @throws IllegalArgumentException saying which key is wrong (never quoting the private key), or
   *     that the public key is not the private key's
   */
  public static VapidKeys parse(VapidKeyPair keys) {
    ECPrivateKey privateKey;
    try {
      privateKey = P256.privateKey(decode(keys.privateKey()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The VAPID private key " + e.getMessage() + ".");
    }
    ECPublicKey publicKey;
    try {
      publicKey = P256.publicKey(decode(keys.publicKey()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The VAPID public key " + e.getMessage() + ".");
    }
    if (!belongTogether(privateKey, publicKey)) {
      throw new IllegalArgumentException(
          "The VAPID public key is not the one of the VAPID private key.");
    }
    return new VapidKeys(privateKey, publicKey);
  }

  private static byte[] decode(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("is missing");
    }
    try {
      return Base64Url.decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not base64url");
    }
  }

  // The JDK derives no public key from a private one, so a signature made with the one and
  // checked with the other proves that they are a pair.
  private static boolean belongTogether(ECPrivateKey privateKey, ECPublicKey publicKey) {
    byte[] probe = "VAPID key pair check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA is missing from this JVM", e);
    }
  }

  /** Both keys in base64url, to store or configure; parsing them gives this pair again. */
  public VapidKeyPair encoded() {
    return new VapidKeyPair(Base64Url.encode(P256.encode(privateKey)), publicKey());
  }

  /** The public key as base64url of its 65-byte point: {@code k} and the application server key. */
  public String publicKey() {
    return Base64Url.encode(point);
  }

  ECPrivateKey signingKey() {
    return privateKey;
  }

  /** Names the public key only: the private key must never reach a log. */
  @Override
  public String toString() {
    return "VapidKeys[publicKey=" + publicKey() + "]";
  }
}
