package dev.feedline.push.entity;

/**
 * A VAPID key pair in the form it is configured and stored in: the private key as its 32-byte P-256
 * scalar and the public key as its 65-byte uncompressed point, both base64url without padding (the
 * forms the {@code web-push} tools print).
 */
public record VapidKeyPair(String privateKey, String publicKey) {
  /** Names the public key only: the private key must never reach a log. */
  @Override
  public String toString() {
    return "VapidKeyPair[publicKey=" + publicKey + "]";
  }
}
