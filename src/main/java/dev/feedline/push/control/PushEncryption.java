package dev.feedline.push.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a push message for one subscription: keys derived as RFC 8291 says, the body written in
 * RFC 8188's {@code aes128gcm} coding as one record. A new ephemeral key pair and salt for every
 * message, so no two messages share a content key and nonce.
 */
public final class PushEncryption {
  /**
   * The longest plaintext: a push service must accept a body of 4,096 bytes (RFC 8030), and the
   * body adds 86 bytes of header, one padding delimiter and a 16-byte tag (RFC 8291 section 4).
   */
  public static final int MAX_PLAINTEXT = 3993;

  static final int RECORD_SIZE = 4096;
  static final int SALT_LENGTH = 16;
  private static final int HEADER_LENGTH = SALT_LENGTH + 4 + 1 + P256.POINT_LENGTH;
  private static final int TAG_BITS = 128;
  private static final byte LAST_RECORD_DELIMITER = 0x02;
  private static final byte[] KEY_INFO = info("WebPush: info");
  private static final byte[] CEK_INFO = info("Content-Encoding: aes128gcm");
  private static final byte[] NONCE_INFO = info("Content-Encoding: nonce");

  private final Supplier<KeyPair> ephemeralKeys;
  private final Supplier<byte[]> salts;

  /** Ephemeral keys and salts from a {@link SecureRandom}. */
  public PushEncryption() {
    this(new SecureRandom());
  }

  private PushEncryption(SecureRandom random) {
    this(() -> P256.generate(random), () -> salt(random));
  }

  /**
   * Ephemeral key pairs (P-256) and 16-byte salts from the given sources; a test fixes them to
   * reproduce a known body. Both must be new for every message in production.
   */
  public PushEncryption(Supplier<KeyPair> ephemeralKeys, Supplier<byte[]> salts) {
    this.ephemeralKeys = ephemeralKeys;
    this.salts = salts;
  }

  /**
   * The request body that carries {@code plaintext} to the holder of {@code to}: salt (16), record
   * size 4096, key id length 65, the ephemeral public key, then one record (the plaintext, the
   * delimiter 0x02, no padding) encrypted with AES-128-GCM.
   *
   * @throws IllegalArgumentException when the plaintext is longer than {@link #MAX_PLAINTEXT}
   */
  public byte[] encrypt(SubscriptionKeys to, byte[] plaintext) {
    if (plaintext.length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException(
          "a push message holds at most " + MAX_PLAINTEXT + " bytes, not " + plaintext.length);
    }
    KeyPair ephemeral = ephemeralKeys.get();
    byte[] salt = salts.get();
    if (salt == null || salt.length != SALT_LENGTH) {
      throw new IllegalStateException("the salt must be " + SALT_LENGTH + " bytes");
    }
    byte[] asPublic = P256.encode((ECPublicKey) ephemeral.getPublic());
    byte[] ecdhSecret = P256.sharedSecret((ECPrivateKey) ephemeral.getPrivate(), to.publicKey());

    byte[] prkKey = Hkdf.extract(to.auth(), ecdhSecret);
    byte[] ikm = Hkdf.expand(prkKey, concat(KEY_INFO, to.point(), asPublic), 32);
    byte[] prk = Hkdf.extract(salt, ikm);
    byte[] cek = Hkdf.expand(prk, CEK_INFO, 16);
    byte[] nonce = Hkdf.expand(prk, NONCE_INFO, 12);

    byte[] record = Arrays.copyOf(plaintext, plaintext.length + 1);
    record[plaintext.length] = LAST_RECORD_DELIMITER;
    byte[] ciphertext = seal(cek, nonce, record);

    return ByteBuffer.allocate(HEADER_LENGTH + ciphertext.length)
        .put(salt)
        .putInt(RECORD_SIZE)
        .put((byte) asPublic.length)
        .put(asPublic)
        .put(ciphertext)
        .array();
  }

  // The first and only record's sequence number is 0, so its nonce is NONCE itself (RFC 8188
  // section 2.3: NONCE XOR SEQ).
  private static byte[] seal(byte[] cek, byte[] nonce, byte[] record) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(cek, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      return cipher.doFinal(record);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-128-GCM is missing from this JVM", e);
    }
  }

  private static byte[] salt(SecureRandom random) {
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    return salt;
  }

  private static byte[] info(String label) {
    byte[] text = label.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(text, text.length + 1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      all.put(part);
    }
    return all.array();
  }
}
