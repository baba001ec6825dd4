package dev.feedline.push.control;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * The P-256 curve as Web Push writes it: public keys as 65-byte uncompressed points (SEC 1,
 * 0x04||X||Y), private keys as 32-byte scalars. Points from outside are checked to lie on the curve
 * before any key agreement uses them.
 */
final class P256 {
  static final int POINT_LENGTH = 65;
  static final int SCALAR_LENGTH = 32;
  private static final int COORDINATE_LENGTH = 32;
  private static final ECParameterSpec PARAMS = params();

  private P256() {}

  /**
   * The public key at {@code point}.
   *
   * @throws IllegalArgumentException saying why it is not an uncompressed point on P-256
   */
  static ECPublicKey publicKey(byte[] point) {
    if (point.length != POINT_LENGTH) {
      throw new IllegalArgumentException(
          "must be " + POINT_LENGTH + " bytes (an uncompressed P-256 point), not " + point.length);
    }
    if (point[0] != 0x04) {
      throw new IllegalArgumentException("must be an uncompressed point (first byte 0x04)");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + COORDINATE_LENGTH));
    BigInteger y =
        new BigInteger(1, Arrays.copyOfRange(point, 1 + COORDINATE_LENGTH, point.length));
    if (!onCurve(x, y)) {
      throw new IllegalArgumentException("is not a point on the P-256 curve");
    }
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC")
              .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), PARAMS));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a usable P-256 public key", e);
    }
  }

  /** {@code key} as an uncompressed point of 65 bytes. */
  static byte[] encode(ECPublicKey key) {
    byte[] point = new byte[POINT_LENGTH];
    point[0] = 0x04;
    unsigned(key.getW().getAffineX(), point, 1);
    unsigned(key.getW().getAffineY(), point, 1 + COORDINATE_LENGTH);
    return point;
  }

  /**
   * The private key whose scalar is {@code scalar}.
   *
   * @throws IllegalArgumentException when it is not 32 bytes or not in [1, n-1]
   */
  static ECPrivateKey privateKey(byte[] scalar) {
    if (scalar.length != SCALAR_LENGTH) {
      throw new IllegalArgumentException(
          "must be " + SCALAR_LENGTH + " bytes (a P-256 scalar), not " + scalar.length);
    }
    BigInteger s = new BigInteger(1, scalar);
    if (s.signum() == 0 || s.compareTo(PARAMS.getOrder()) >= 0) {
      throw new IllegalArgumentException("is not a P-256 scalar (0 < s < n)");
    }
    try {
      return (ECPrivateKey)
          KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, PARAMS));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a usable P-256 private key", e);
    }
  }

  /** {@code key}'s scalar in 32 bytes. */
  static byte[] encode(ECPrivateKey key) {
    byte[] scalar = new byte[SCALAR_LENGTH];
    unsigned(key.getS(), scalar, 0);
    return scalar;
  }

  /** A new key pair drawn from {@code random}. */
  static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 keys cannot be made on this JVM", e);
    }
  }

  /** The ECDH shared secret: the X coordinate of {@code own} times {@code other}, 32 bytes. */
  static byte[] sharedSecret(ECPrivateKey own, ECPublicKey other) {
    try {
      KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
      agreement.init(own);
      agreement.doPhase(other, true);
      return agreement.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDH failed on keys that were checked", e);
    }
  }

  // y^2 = x^3 + ax + b (mod p) with both coordinates below p; P-256's cofactor is 1, so every
  // such point is in the group and no small-subgroup point can get through.
  private static boolean onCurve(BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger right =
        x.pow(3).add(PARAMS.getCurve().getA().multiply(x)).add(PARAMS.getCurve().getB()).mod(p);
    return y.modPow(BigInteger.TWO, p).equals(right);
  }

  private static void unsigned(BigInteger value, byte[] into, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, COORDINATE_LENGTH);
    System.arraycopy(
        bytes, bytes.length - length, into, offset + COORDINATE_LENGTH - length, length);
  }

  private static ECParameterSpec params() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
