package dev.feedline.push.control;

import dev.feedline.errors.InvalidInputException;
import java.security.interfaces.ECPublicKey;

/**
 * A push subscription's keys, checked: {@code p256dh} a point on P-256 (65 bytes, uncompressed),
 * {@code auth} a secret of 16 bytes, both base64url. Garbage is refused here, before it is stored,
 * rather than on the first message that cannot be encrypted.
 */
public final class SubscriptionKeys {
  static final int AUTH_LENGTH = 16;

  private final ECPublicKey publicKey;
  private final byte[] point;
  private final byte[] auth;

  private SubscriptionKeys(ECPublicKey publicKey, byte[] point, byte[] auth) {
    this.publicKey = publicKey;
    this.point = point;
    this.auth = auth;
  }

  /**
   * The keys a browser's {@code PushSubscription} gives.
   *
   * @throws InvalidInputException saying which key is wrong and how
   */
  public static SubscriptionKeys parse(String p256dh, String auth) {
    byte[] point = decode("p256dh", p256dh);
    ECPublicKey publicKey;
    try {
      publicKey = P256.publicKey(point);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("keys.p256dh " + e.getMessage() + ".");
    }
    byte[] secret = decode("auth", auth);
    if (secret.length != AUTH_LENGTH) {
      throw new InvalidInputException(
          "keys.auth must be " + AUTH_LENGTH + " bytes, not " + secret.length + ".");
    }
    return new SubscriptionKeys(publicKey, point, secret);
  }

  private static byte[] decode(String name, String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidInputException("keys." + name + " is missing.");
    }
    try {
      return Base64Url.decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("keys." + name + " is not base64url.");
    }
  }

  /** {@code p256dh} as the user agent's public key. */
  ECPublicKey publicKey() {
    return publicKey;
  }

  /** {@code p256dh} as its 65 bytes ({@code ua_public} in RFC 8291). */
  byte[] point() {
    return point.clone();
  }

  /** {@code auth}: the 16-byte authentication secret. */
  byte[] auth() {
    return auth.clone();
  }
}
