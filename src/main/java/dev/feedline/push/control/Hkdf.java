package dev.feedline.push.control;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with SHA-256 (RFC 5869), for outputs of one block: all that RFC 8291 derives. */
final class Hkdf {
  private static final int HASH_LENGTH = 32;

  private Hkdf() {}

  /** HKDF-Extract: the pseudorandom key of {@code ikm} under {@code salt}. */
  static byte[] extract(byte[] salt, byte[] ikm) {
    return hmac(salt, ikm);
  }

  /** HKDF-Expand to at most 32 bytes: T(1) = HMAC(PRK, info || 0x01), cut to {@code length}. */
  static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 1 || length > HASH_LENGTH) {
      throw new IllegalArgumentException("one block gives 1 to 32 bytes, not " + length);
    }
    byte[] input = Arrays.copyOf(info, info.length + 1);
    input[info.length] = 0x01;
    return Arrays.copyOf(hmac(prk, input), length);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
    }
  }
}
