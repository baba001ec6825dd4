package dev.feedline.push.control;

import java.util.Base64;

/** The base64url of Web Push keys and tokens: written without padding, read with or without. */
final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * The bytes {@code text} encodes.
   *
   * @throws IllegalArgumentException when it is not base64url (standard base64's {@code +} and
   *     {@code /} included: browsers and push libraries give base64url)
   */
  static byte[] decode(String text) {
    return DECODER.decode(text);
  }
}
