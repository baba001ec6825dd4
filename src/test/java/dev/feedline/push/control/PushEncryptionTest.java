package dev.feedline.push.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.it.push.RfcExamples.Rfc8291;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PushEncryptionTest {
  private static final SubscriptionKeys UA =
      SubscriptionKeys.parse(Rfc8291.UA_PUBLIC, Rfc8291.AUTH_SECRET);

  private static byte[] bytes(String base64url) {
    return Base64Url.decode(base64url);
  }

  private static KeyPair rfcServerKeys() {
    return new KeyPair(
        P256.publicKey(bytes(Rfc8291.AS_PUBLIC)), P256.privateKey(bytes(Rfc8291.AS_PRIVATE)));
  }

  @Test
  void theRfc8291ExampleIsReproducedByteForByte() {
    PushEncryption encryption =
        new PushEncryption(PushEncryptionTest::rfcServerKeys, () -> bytes(Rfc8291.SALT));

    byte[] body = encryption.encrypt(UA, Rfc8291.PLAINTEXT.getBytes(StandardCharsets.UTF_8));

    assertEquals(Rfc8291.BODY, Base64Url.encode(body));
  }

  @Test
  void eachStepOfTheKeyDerivationGivesTheRfcsIntermediateValue() {
    KeyPair as = rfcServerKeys();
    byte[] ecdh = P256.sharedSecret((ECPrivateKey) as.getPrivate(), UA.publicKey());
    assertEquals(Rfc8291.ECDH_SECRET, Base64Url.encode(ecdh));

    byte[] prkKey = Hkdf.extract(UA.auth(), ecdh);
    assertEquals(Rfc8291.PRK_KEY, Base64Url.encode(prkKey));

    byte[] keyInfo =
        ByteBuffer.allocate(14 + 65 + 65)
            .put("WebPush: info\0".getBytes(StandardCharsets.US_ASCII))
            .put(UA.point())
            .put(bytes(Rfc8291.AS_PUBLIC))
            .array();
    byte[] ikm = Hkdf.expand(prkKey, keyInfo, 32);
    assertEquals(Rfc8291.IKM, Base64Url.encode(ikm));

    byte[] prk = Hkdf.extract(bytes(Rfc8291.SALT), ikm);
    assertEquals(Rfc8291.PRK, Base64Url.encode(prk));
    assertEquals(
        Rfc8291.CEK,
        Base64Url.encode(
            Hkdf.expand(
                prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16)));
    assertEquals(
        Rfc8291.NONCE,
        Base64Url.encode(
            Hkdf.expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12)));
  }

  @Test
  void theHeaderCarriesSaltRecordSizeAndTheEphemeralPublicKey() {
    byte[] salt = new byte[16];
    Arrays.fill(salt, (byte) 7);
    KeyPair ephemeral = P256.generate(new SecureRandom());

    byte[] body = new PushEncryption(() -> ephemeral, salt::clone).encrypt(UA, new byte[10]);

    ByteBuffer header = ByteBuffer.wrap(body);
    byte[] readSalt = new byte[16];
    header.get(readSalt);
    assertArrayEquals(salt, readSalt);
    assertEquals(4096, header.getInt());
    assertEquals(65, header.get());
    byte[] keyId = new byte[65];
    header.get(keyId);
    assertArrayEquals(P256.encode((ECPublicKey) ephemeral.getPublic()), keyId);
    assertEquals(10 + 1 + 16, header.remaining(), "one record: plaintext, delimiter, tag");
  }

  @Test
  void everyMessageHasItsOwnSaltAndEphemeralKey() {
    PushEncryption encryption = new PushEncryption();

    byte[] first = encryption.encrypt(UA, new byte[1]);
    byte[] second = encryption.encrypt(UA, new byte[1]);

    assertFalse(Arrays.equals(first, 0, 16, second, 0, 16), "salts differ");
    assertFalse(Arrays.equals(first, 21, 86, second, 21, 86), "ephemeral keys differ");
  }

  @Test
  void theLongestPlaintextFillsTheBodyEveryPushServiceMustAccept() {
    byte[] body = new PushEncryption().encrypt(UA, new byte[PushEncryption.MAX_PLAINTEXT]);

    assertEquals(4096, body.length);
  }

  @Test
  void aLongerPlaintextIsRefusedRatherThanCut() {
    PushEncryption encryption = new PushEncryption();

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> encryption.encrypt(UA, new byte[PushEncryption.MAX_PLAINTEXT + 1]));
    assertEquals("a push message holds at most 3993 bytes, not 3994", refused.getMessage());
  }

  @Test
  void aSaltOfTheWrongLengthIsAFaultOfTheSource() {
    PushEncryption encryption =
        new PushEncryption(PushEncryptionTest::rfcServerKeys, () -> new byte[8]);

    assertThrows(IllegalStateException.class, () -> encryption.encrypt(UA, new byte[1]));
  }
}
