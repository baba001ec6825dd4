package dev.feedline.it.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser's side of a push subscription, written from RFC 8291 and RFC 8188 and sharing no code
 * with the service: it holds the subscription's key pair and auth secret and opens what the service
 * encrypted for it.
 */
public final class UserAgent {
  // The DER of an X.509 SubjectPublicKeyInfo for a P-256 point, up to the point itself
  // (RFC 5480): the JDK reads a raw point this way without any curve arithmetic of ours.
  private static final byte[] P256_SPKI_PREFIX =
      HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

  private final ECPrivateKey privateKey;
  private final byte[] publicPoint;
  private final byte[] auth;

  private UserAgent(ECPrivateKey privateKey, byte[] publicPoint, byte[] auth) {
    this.privateKey = privateKey;
    this.publicPoint = publicPoint;
    this.auth = auth;
  }

  /** A new subscription: a fresh P-256 key pair and a random 16-byte auth secret. */
  public static UserAgent create() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      var pair = generator.generateKeyPair();
      byte[] auth = new byte[16];
      new SecureRandom().nextBytes(auth);
      ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
      byte[] spki = publicKey.getEncoded();
      byte[] point = Arrays.copyOfRange(spki, spki.length - 65, spki.length);
      return new UserAgent((ECPrivateKey) pair.getPrivate(), point, auth);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A subscription with known keys, such as RFC 8291's example (all base64url). */
  public static UserAgent of(String privateScalar, String publicPoint, String auth) {
    ECPublicKey publicKey = publicKey(decode(publicPoint));
    try {
      ECPrivateKey privateKey =
          (ECPrivateKey)
              KeyFactory.getInstance("EC")
                  .generatePrivate(
                      new ECPrivateKeySpec(
                          new BigInteger(1, decode(privateScalar)), publicKey.getParams()));
      return new UserAgent(privateKey, decode(publicPoint), decode(auth));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The subscription's {@code keys.p256dh}. */
  public String p256dh() {
    return encode(publicPoint);
  }

  /** The subscription's {@code keys.auth}. */
  public String auth() {
    return encode(auth);
  }

  /**
   * The plaintext of an {@code aes128gcm} body.
   *
   * @throws PushRejected when the body is malformed, tampered with, or not for this subscription
   */
  public byte[] decrypt(byte[] body) {
    // RFC 8188 section 2.1: salt(16) | rs(uint32) | idlen(uint8) | keyid(idlen) | records
    if (body.length < 21) {
      throw new PushRejected("body shorter than an aes128gcm header");
    }
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    long rs = Integer.toUnsignedLong(in.getInt());
    int idlen = Byte.toUnsignedInt(in.get());
    // RFC 8291 section 4: the key id is the sender's 65-byte public key, and there is one record.
    if (idlen != 65 || in.remaining() < idlen) {
      throw new PushRejected("key id is " + idlen + " bytes, not an uncompressed P-256 point");
    }
    byte[] asPublic = new byte[idlen];
    in.get(asPublic);
    byte[] record = new byte[in.remaining()];
    in.get(record);
    if (rs < 18) {
      throw new PushRejected("record size " + rs + " is below RFC 8188's minimum of 18");
    }
    if (record.length < 17 || record.length > rs) {
      throw new PushRejected("not exactly one record of at most rs bytes: " + record.length);
    }
    byte[][] keys = keys(asPublic, salt);
    byte[] padded = open(keys[0], keys[1], record);
    return unpad(padded);
  }

  /** {ECDH secret, PRK_key, IKM, PRK, CEK, NONCE} as RFC 8291 section 3.4 derives them. */
  byte[][] derivation(byte[] asPublic, byte[] salt) {
    byte[] ecdhSecret = agree(publicKey(asPublic));
    byte[] prkKey = hmac(auth, ecdhSecret);
    byte[] keyInfo =
        ByteBuffer.allocate(14 + 65 + 65)
            .put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
            .put(publicPoint)
            .put(asPublic)
            .array();
    byte[] ikm = expand(prkKey, keyInfo, 32);
    byte[] prk = hmac(salt, ikm);
    byte[] cek =
        expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce = expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
    return new byte[][] {ecdhSecret, prkKey, ikm, prk, cek, nonce};
  }

  private byte[][] keys(byte[] asPublic, byte[] salt) {
    byte[][] all = derivation(asPublic, salt);
    return new byte[][] {all[4], all[5]};
  }

  private static byte[] open(byte[] cek, byte[] nonce, byte[] record) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
      return cipher.doFinal(record);
    } catch (GeneralSecurityException e) {
      throw new PushRejected("record does not decrypt (tampered, or not for this subscription)", e);
    }
  }

  // RFC 8188 section 2: the data, one delimiter (2 for the last record), then zero bytes.
  private static byte[] unpad(byte[] padded) {
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 2) {
      throw new PushRejected("the only record does not end with the last-record delimiter 0x02");
    }
    return Arrays.copyOf(padded, end);
  }

  private byte[] agree(ECPublicKey other) {
    try {
      KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
      agreement.init(privateKey);
      agreement.doPhase(other, true);
      return agreement.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new PushRejected("the sender's key does not agree with ours", e);
    }
  }

  // RFC 5869 HKDF-Expand for a single block: T(1) = HMAC-Hash(PRK, info | 0x01).
  private static byte[] expand(byte[] prk, byte[] info, int length) {
    byte[] input = Arrays.copyOf(info, info.length + 1);
    input[info.length] = 1;
    return Arrays.copyOf(hmac(prk, input), length);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECPublicKey publicKey(byte[] point) {
    if (point.length != 65 || point[0] != 4) {
      throw new PushRejected("not an uncompressed P-256 point");
    }
    byte[] spki = Arrays.copyOf(P256_SPKI_PREFIX, P256_SPKI_PREFIX.length + 65);
    System.arraycopy(point, 0, spki, P256_SPKI_PREFIX.length, 65);
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new PushRejected("not a P-256 public key", e);
    }
  }

  static byte[] decode(String base64url) {
    return Base64.getUrlDecoder().decode(base64url);
  }

  static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
