package dev.feedline.it.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.it.push.RfcExamples.Rfc8291;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The test receiver holds to the RFC's example before it judges anything the service sends. */
class UserAgentTest {
  private static final UserAgent RFC_UA =
      UserAgent.of(Rfc8291.UA_PRIVATE, Rfc8291.UA_PUBLIC, Rfc8291.AUTH_SECRET);

  private static byte[] body() {
    return UserAgent.decode(Rfc8291.BODY);
  }

  private static String rejection(UserAgent ua, byte[] body) {
    return assertThrows(PushRejected.class, () -> ua.decrypt(body)).getMessage();
  }

  /** A body with the RFC's header and keys whose record is {@code padded}, sealed as-is. */
  private static byte[] sealed(byte[] padded) throws Exception {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(UserAgent.decode(Rfc8291.CEK), "AES"),
        new GCMParameterSpec(128, UserAgent.decode(Rfc8291.NONCE)));
    byte[] header = UserAgent.decode(Rfc8291.HEADER);
    return ByteBuffer.allocate(header.length + padded.length + 16)
        .put(header)
        .put(cipher.doFinal(padded))
        .array();
  }

  @Test
  void theRfcExampleDecryptsToItsPlaintext() {
    assertEquals(Rfc8291.PLAINTEXT, new String(RFC_UA.decrypt(body()), StandardCharsets.UTF_8));
    assertEquals(
        Rfc8291.PLAINTEXT,
        new String(UserAgent.decode(Rfc8291.PLAINTEXT_BASE64URL), StandardCharsets.UTF_8));
    assertArrayEquals(
        body(),
        ByteBuffer.allocate(144)
            .put(UserAgent.decode(Rfc8291.HEADER))
            .put(UserAgent.decode(Rfc8291.CIPHERTEXT))
            .array(),
        "the body is the header followed by the ciphertext");
  }

  @Test
  void eachStepOfTheDerivationGivesTheRfcsIntermediateValue() {
    byte[][] steps =
        RFC_UA.derivation(UserAgent.decode(Rfc8291.AS_PUBLIC), UserAgent.decode(Rfc8291.SALT));

    String[] expected = {
      Rfc8291.ECDH_SECRET, Rfc8291.PRK_KEY, Rfc8291.IKM, Rfc8291.PRK, Rfc8291.CEK, Rfc8291.NONCE
    };
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], UserAgent.encode(steps[i]), "step " + i);
    }
  }

  @Test
  void paddingAfterTheDelimiterIsDropped() throws Exception {
    byte[] padded = Arrays.copyOf("hi\2".getBytes(StandardCharsets.US_ASCII), 40);

    assertEquals("hi", new String(RFC_UA.decrypt(sealed(padded)), StandardCharsets.US_ASCII));
  }

  @Test
  void aRecordThatIsNotTheLastIsRejected() throws Exception {
    assertTrue(
        rejection(RFC_UA, sealed("hi\1".getBytes(StandardCharsets.US_ASCII)))
            .contains("last-record delimiter 0x02"));
    assertTrue(rejection(RFC_UA, sealed(new byte[8])).contains("last-record delimiter 0x02"));
  }

  @Test
  void aChangedByteAnywhereIsRejected() {
    for (int index : new int[] {0, 15, 90, 110, body().length - 1}) {
      byte[] tampered = body();
      tampered[index] ^= 0x01;
      assertThrows(PushRejected.class, () -> RFC_UA.decrypt(tampered), "byte " + index);
    }
  }

  @Test
  void aMalformedHeaderIsRejected() {
    byte[] smallRecords = body();
    ByteBuffer.wrap(smallRecords).putInt(16, 17);
    assertTrue(rejection(RFC_UA, smallRecords).contains("below RFC 8188's minimum"));

    byte[] shortKeyId = body();
    shortKeyId[20] = 64;
    assertTrue(rejection(RFC_UA, shortKeyId).contains("key id is 64 bytes"));

    assertTrue(rejection(RFC_UA, Arrays.copyOf(body(), 20)).contains("shorter than"));
    assertTrue(rejection(RFC_UA, Arrays.copyOf(body(), 100)).contains("one record"));
  }

  @Test
  void anotherSubscriptionCannotReadIt() {
    assertTrue(rejection(UserAgent.create(), body()).contains("does not decrypt"));
    UserAgent otherAuth =
        UserAgent.of(Rfc8291.UA_PRIVATE, Rfc8291.UA_PUBLIC, UserAgent.encode(new byte[16]));
    assertTrue(rejection(otherAuth, body()).contains("does not decrypt"));
  }
}
