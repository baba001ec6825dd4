package dev.feedline.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.it.push.RfcExamples.Rfc8291;
import dev.feedline.push.entity.VapidKeyPair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VapidKeysTest {
  private static String refusal(String privateKey, String publicKey) {
    return assertThrows(
            IllegalArgumentException.class,
            () -> VapidKeys.parse(new VapidKeyPair(privateKey, publicKey)))
        .getMessage();
  }

  @Test
  void aGeneratedPairReadsBackFromItsBase64UrlForms() {
    VapidKeys generated = VapidKeys.generate();
    VapidKeyPair stored = generated.encoded();

    VapidKeys read = VapidKeys.parse(stored);

    assertEquals(generated.publicKey(), read.publicKey());
    assertEquals(stored, read.encoded());
    assertEquals(32, Base64Url.decode(stored.privateKey()).length);
    assertEquals(65, Base64Url.decode(stored.publicKey()).length);
    assertEquals(stored.publicKey(), generated.publicKey());
  }

  @Test
  void eachGeneratedPairIsNew() {
    assertNotEquals(VapidKeys.generate().publicKey(), VapidKeys.generate().publicKey());
  }

  @Test
  void aPairMadeElsewhereIsRead() {
    VapidKeys keys = VapidKeys.parse(new VapidKeyPair(Rfc8291.AS_PRIVATE, Rfc8291.AS_PUBLIC));

    assertEquals(Rfc8291.AS_PUBLIC, keys.publicKey());
    assertEquals(Rfc8291.AS_PRIVATE, keys.encoded().privateKey());
  }

  @Test
  void aPublicKeyOfAnotherPairIsRefused() {
    assertEquals(
        "The VAPID public key is not the one of the VAPID private key.",
        refusal(Rfc8291.AS_PRIVATE, Rfc8291.UA_PUBLIC));
  }

  @Test
  void aPrivateKeyThatIsNoScalarIsRefusedWithoutQuotingIt() {
    String short31 = Base64Url.encode(Arrays.copyOf(Base64Url.decode(Rfc8291.AS_PRIVATE), 31));
    String refused = refusal(short31, Rfc8291.AS_PUBLIC);
    assertEquals("The VAPID private key must be 32 bytes (a P-256 scalar), not 31.", refused);
    assertFalse(refused.contains(short31));

    assertEquals(
        "The VAPID private key is not a P-256 scalar (0 < s < n).",
        refusal(Base64Url.encode(new byte[32]), Rfc8291.AS_PUBLIC));
    byte[] beyondOrder = new byte[32];
    Arrays.fill(beyondOrder, (byte) 0xff);
    assertEquals(
        "The VAPID private key is not a P-256 scalar (0 < s < n).",
        refusal(Base64Url.encode(beyondOrder), Rfc8291.AS_PUBLIC));
    assertEquals("The VAPID private key is missing.", refusal(" ", Rfc8291.AS_PUBLIC));
    assertEquals("The VAPID private key is not base64url.", refusal("%%%", Rfc8291.AS_PUBLIC));
  }

  @Test
  void aPublicKeyThatIsNoPointIsRefused() {
    byte[] offCurve = Base64Url.decode(Rfc8291.AS_PUBLIC);
    offCurve[40] ^= 1;
    assertEquals(
        "The VAPID public key is not a point on the P-256 curve.",
        refusal(Rfc8291.AS_PRIVATE, Base64Url.encode(offCurve)));
    assertEquals("The VAPID public key is missing.", refusal(Rfc8291.AS_PRIVATE, null));
  }

  @Test
  void neitherFormShowsThePrivateKeyInALog() {
    VapidKeys keys = VapidKeys.generate();
    String privateKey = keys.encoded().privateKey();

    assertFalse(keys.toString().contains(privateKey));
    assertFalse(keys.encoded().toString().contains(privateKey));
  }
}
