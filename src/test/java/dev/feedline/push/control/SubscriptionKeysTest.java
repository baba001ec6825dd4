package dev.feedline.push.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.it.push.RfcExamples.Rfc8291;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SubscriptionKeysTest {
  private static final byte[] POINT = Base64Url.decode(Rfc8291.UA_PUBLIC);

  private static String refusal(String p256dh, String auth) {
    return assertThrows(InvalidInputException.class, () -> SubscriptionKeys.parse(p256dh, auth))
        .getMessage();
  }

  private static String withPoint(byte[] point) {
    return Base64Url.encode(point);
  }

  @Test
  void aBrowsersKeysAreAccepted() {
    SubscriptionKeys keys = SubscriptionKeys.parse(Rfc8291.UA_PUBLIC, Rfc8291.AUTH_SECRET);

    assertArrayEquals(POINT, keys.point());
    assertArrayEquals(POINT, P256.encode(keys.publicKey()));
    assertEquals(16, keys.auth().length);
  }

  @Test
  void paddedBase64UrlIsAcceptedToo() {
    SubscriptionKeys keys =
        SubscriptionKeys.parse(Rfc8291.UA_PUBLIC + "=", Rfc8291.AUTH_SECRET + "==");

    assertArrayEquals(POINT, keys.point());
  }

  @Test
  void missingKeysAreNamed() {
    assertEquals("keys.p256dh is missing.", refusal(null, Rfc8291.AUTH_SECRET));
    assertEquals("keys.auth is missing.", refusal(Rfc8291.UA_PUBLIC, ""));
  }

  @Test
  void textThatIsNotBase64UrlIsRefused() {
    assertEquals("keys.p256dh is not base64url.", refusal("not a key!", Rfc8291.AUTH_SECRET));
    assertEquals("keys.auth is not base64url.", refusal(Rfc8291.UA_PUBLIC, "a+b/c"));
  }

  @Test
  void aPointOfTheWrongLengthIsRefused() {
    assertEquals(
        "keys.p256dh must be 65 bytes (an uncompressed P-256 point), not 64.",
        refusal(withPoint(Arrays.copyOf(POINT, 64)), Rfc8291.AUTH_SECRET));
  }

  @Test
  void aCompressedPointIsRefused() {
    byte[] compressed = Arrays.copyOf(POINT, 33);
    compressed[0] = 0x02;
    assertEquals(
        "keys.p256dh must be 65 bytes (an uncompressed P-256 point), not 33.",
        refusal(withPoint(compressed), Rfc8291.AUTH_SECRET));

    byte[] wrongPrefix = POINT.clone();
    wrongPrefix[0] = 0x03;
    assertEquals(
        "keys.p256dh must be an uncompressed point (first byte 0x04).",
        refusal(withPoint(wrongPrefix), Rfc8291.AUTH_SECRET));
  }

  @Test
  void sixtyFiveBytesOffTheCurveAreRefused() {
    byte[] offCurve = POINT.clone();
    offCurve[64] ^= 1;
    assertEquals(
        "keys.p256dh is not a point on the P-256 curve.",
        refusal(withPoint(offCurve), Rfc8291.AUTH_SECRET));

    byte[] garbage = new byte[65];
    Arrays.fill(garbage, (byte) 0x04);
    assertEquals(
        "keys.p256dh is not a point on the P-256 curve.",
        refusal(withPoint(garbage), Rfc8291.AUTH_SECRET));
  }

  @Test
  void coordinatesBeyondTheFieldAreRefused() {
    byte[] allOnes = new byte[65];
    Arrays.fill(allOnes, (byte) 0xff);
    allOnes[0] = 0x04;
    assertEquals(
        "keys.p256dh is not a point on the P-256 curve.",
        refusal(withPoint(allOnes), Rfc8291.AUTH_SECRET));
  }

  @Test
  void anAuthSecretOtherThanSixteenBytesIsRefused() {
    assertEquals(
        "keys.auth must be 16 bytes, not 15.",
        refusal(Rfc8291.UA_PUBLIC, Base64Url.encode(new byte[15])));
    assertEquals(
        "keys.auth must be 16 bytes, not 17.",
        refusal(Rfc8291.UA_PUBLIC, Base64Url.encode(new byte[17])));
  }
}
