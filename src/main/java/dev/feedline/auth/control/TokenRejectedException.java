package dev.feedline.auth.control;

/** A bearer token that does not verify: bad signature, issuer, audience, expiry or subject. */
public class TokenRejectedException extends Exception {
  public TokenRejectedException(String message) {
    super(message);
  }
}
