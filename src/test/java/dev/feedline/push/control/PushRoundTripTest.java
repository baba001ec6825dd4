package dev.feedline.push.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.it.push.PushRejected;
import dev.feedline.it.push.RfcExamples.Rfc8291;
import dev.feedline.it.push.UserAgent;
import dev.feedline.it.push.VapidCheck;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the service encrypts and signs, opened and checked by the test receiver, which shares no
 * code with it: the two can only agree by both following the RFCs.
 */
class PushRoundTripTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  private static final URI ENDPOINT = URI.create("https://push.example.net/wpush/v2/gAAAAABk");
  private static final String ORIGIN = "https://push.example.net";
  private static final VapidKeys KEYS = VapidKeys.generate();

  private final UserAgent browser = UserAgent.create();
  private final SubscriptionKeys subscription =
      SubscriptionKeys.parse(browser.p256dh(), browser.auth());
  private final PushEncryption encryption = new PushEncryption();

  private static VapidSigner signer(Duration lifetime) {
    return new VapidSigner(
        KEYS, "mailto:ops@feedline.example", lifetime, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static byte[] payload(int length) {
    byte[] payload = new byte[length];
    new Random(length).nextBytes(payload);
    return payload;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 41, 1000, 3992, PushEncryption.MAX_PLAINTEXT})
  void theBrowserReadsWhatWasEncryptedForIt(int length) {
    byte[] plaintext = payload(length);

    byte[] body = encryption.encrypt(subscription, plaintext);

    assertArrayEquals(plaintext, browser.decrypt(body));
    assertEquals(86 + length + 1 + 16, body.length);
  }

  @Test
  void theRfcSubscriptionReadsAMessageWithFreshKeys() {
    UserAgent rfc = UserAgent.of(Rfc8291.UA_PRIVATE, Rfc8291.UA_PUBLIC, Rfc8291.AUTH_SECRET);
    SubscriptionKeys keys = SubscriptionKeys.parse(rfc.p256dh(), rfc.auth());

    assertArrayEquals(payload(300), rfc.decrypt(encryption.encrypt(keys, payload(300))));
  }

  @Test
  void aChangedByteOfHeaderCiphertextOrTagIsRefused() {
    byte[] body = encryption.encrypt(subscription, payload(200));
    for (int index : new int[] {3, 30, 86, 150, body.length - 1}) {
      byte[] tampered = body.clone();
      tampered[index] ^= 0x40;
      assertThrows(PushRejected.class, () -> browser.decrypt(tampered), "byte " + index);
    }
  }

  @Test
  void aSubscriptionWithAnotherAuthSecretCannotReadIt() {
    UserAgent rfc = UserAgent.of(Rfc8291.UA_PRIVATE, Rfc8291.UA_PUBLIC, Rfc8291.AUTH_SECRET);
    byte[] body = encryption.encrypt(SubscriptionKeys.parse(rfc.p256dh(), rfc.auth()), payload(50));
    UserAgent otherAuth =
        UserAgent.of(Rfc8291.UA_PRIVATE, Rfc8291.UA_PUBLIC, Base64Url.encode(new byte[16]));

    assertThrows(PushRejected.class, () -> otherAuth.decrypt(body));
    assertThrows(PushRejected.class, () -> UserAgent.create().decrypt(body));
  }

  @Test
  void thePushServiceAcceptsTheVapidHeader() {
    VapidCheck.Vapid vapid =
        VapidCheck.verify(
            signer(VapidSigner.DEFAULT_LIFETIME).authorization(ENDPOINT), ORIGIN, NOW);

    assertEquals(KEYS.publicKey(), vapid.key());
    assertEquals(ORIGIN, vapid.audience());
    assertEquals(NOW.plus(Duration.ofHours(12)).getEpochSecond(), vapid.expiry());
    assertEquals("mailto:ops@feedline.example", vapid.subject());
  }

  @Test
  void anotherPushServiceRefusesIt() {
    String authorization = signer(VapidSigner.DEFAULT_LIFETIME).authorization(ENDPOINT);

    PushRejected refused =
        assertThrows(
            PushRejected.class,
            () -> VapidCheck.verify(authorization, "https://fcm.googleapis.com", NOW));
    assertTrue(refused.getMessage().startsWith("aud is https://push.example.net"));
  }

  @Test
  void anExpiredHeaderIsRefused() {
    String authorization = signer(Duration.ofHours(1)).authorization(ENDPOINT);

    VapidCheck.verify(authorization, ORIGIN, NOW.plus(Duration.ofHours(1)).minusSeconds(1));
    PushRejected refused =
        assertThrows(
            PushRejected.class,
            () -> VapidCheck.verify(authorization, ORIGIN, NOW.plus(Duration.ofHours(1))));
    assertTrue(refused.getMessage().startsWith("expired"));
  }

  @Test
  void aPushServiceWhoseClockIsBehindRefusesATokenOfAFullDay() {
    String authorization = signer(VapidSigner.MAX_LIFETIME).authorization(ENDPOINT);

    VapidCheck.verify(authorization, ORIGIN, NOW);
    assertThrows(
        PushRejected.class, () -> VapidCheck.verify(authorization, ORIGIN, NOW.minusSeconds(1)));
  }
}
