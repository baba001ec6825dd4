package dev.feedline.push.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

class VapidSignerTest {
  private static final URI FCM = URI.create("https://fcm.googleapis.com/fcm/send/abc:def");
  private static final String CONTACT = "mailto:ops@feedline.example";
  private static final VapidKeys KEYS = VapidKeys.generate();

  private final TestClock clock = new TestClock(Instant.parse("2025-03-01T10:00:00Z"));

  private VapidSigner signer(Duration lifetime) {
    return new VapidSigner(KEYS, CONTACT, lifetime, clock);
  }

  private static String token(String authorization) {
    return authorization.substring("vapid t=".length(), authorization.indexOf(", k="));
  }

  private static String part(String token, int index) {
    return new String(Base64Url.decode(token.split("\\.")[index]), StandardCharsets.UTF_8);
  }

  @Test
  void theHeaderIsAVapidTokenAndTheServersPublicKey() {
    String authorization = signer(VapidSigner.DEFAULT_LIFETIME).authorization(FCM);

    assertTrue(authorization.startsWith("vapid t="), authorization);
    assertTrue(authorization.endsWith(", k=" + KEYS.publicKey()), authorization);
    String token = token(authorization);
    assertEquals("{\"typ\":\"JWT\",\"alg\":\"ES256\"}", part(token, 0));
    assertEquals(
        "{\"aud\":\"https://fcm.googleapis.com\",\"exp\":"
            + clock.instant().plus(Duration.ofHours(12)).getEpochSecond()
            + ",\"sub\":\"mailto:ops@feedline.example\"}",
        part(token, 1));
    assertEquals(64, Base64Url.decode(token.split("\\.")[2]).length, "JOSE R||S, not DER");
  }

  @Test
  void anotherLibraryAcceptsTheToken() throws Exception {
    String token = token(signer(VapidSigner.DEFAULT_LIFETIME).authorization(FCM));
    byte[] point = Base64Url.decode(KEYS.publicKey());
    JsonWebKey key =
        JsonWebKey.Factory.newJwk(
            "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\""
                + Base64Url.encode(Arrays.copyOfRange(point, 1, 33))
                + "\",\"y\":\""
                + Base64Url.encode(Arrays.copyOfRange(point, 33, 65))
                + "\"}");

    JwtClaims claims =
        new JwtConsumerBuilder()
            .setVerificationKey(key.getKey())
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "ES256")
            .setExpectedAudience("https://fcm.googleapis.com")
            .setRequireExpirationTime()
            .setEvaluationTime(NumericDate.fromSeconds(clock.instant().getEpochSecond()))
            .build()
            .processToClaims(token);

    assertEquals(CONTACT, claims.getSubject());
  }

  @Test
  void theAudienceIsTheEndpointsOriginWithoutPathOrDefaultPort() {
    assertEquals("https://fcm.googleapis.com", VapidSigner.audience(FCM));
    assertEquals(
        "https://push.example.net",
        VapidSigner.audience(URI.create("https://Push.Example.NET:443/p/1?x=y")));
    assertEquals(
        "https://push.example.net:8443",
        VapidSigner.audience(URI.create("https://push.example.net:8443/p/1")));
    assertEquals(
        "http://127.0.0.1:8080", VapidSigner.audience(URI.create("http://127.0.0.1:8080/push/1")));
    assertEquals("http://[::1]:9000", VapidSigner.audience(URI.create("http://[::1]:9000/p")));
    for (String notAnEndpoint :
        new String[] {"ftp://push.example.net/p", "/relative", "mailto:a@b.c"}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> VapidSigner.audience(URI.create(notAnEndpoint)),
          notAnEndpoint);
    }
  }

  @Test
  void oneTokenServesAnOriginUntilAQuarterOfItsLifetimeIsLeft() {
    VapidSigner signer = signer(VapidSigner.DEFAULT_LIFETIME);
    String first = signer.authorization(FCM);

    clock.advance(Duration.ofHours(9).minusSeconds(1));
    assertEquals(
        first, signer.authorization(URI.create("https://fcm.googleapis.com/fcm/send/other")));

    clock.advance(Duration.ofSeconds(1));
    String renewed = signer.authorization(FCM);
    assertNotEquals(first, renewed);
    assertTrue(
        part(token(renewed), 1)
            .contains("\"exp\":" + clock.instant().plus(Duration.ofHours(12)).getEpochSecond()));
  }

  @Test
  void eachOriginHasItsOwnToken() {
    VapidSigner signer = signer(VapidSigner.DEFAULT_LIFETIME);

    String fcm = signer.authorization(FCM);
    String mozilla =
        signer.authorization(URI.create("https://updates.push.services.mozilla.com/wpush/v2/x"));

    assertNotEquals(token(fcm), token(mozilla));
    assertTrue(
        part(token(mozilla), 1).contains("\"aud\":\"https://updates.push.services.mozilla.com\""));
  }

  @Test
  void theLifetimeIsMoreThanZeroAndAtMostADay() {
    String at24 = signer(Duration.ofHours(24)).authorization(FCM);
    assertTrue(
        part(token(at24), 1)
            .contains("\"exp\":" + clock.instant().plus(Duration.ofHours(24)).getEpochSecond()));

    assertThrows(IllegalArgumentException.class, () -> signer(Duration.ofHours(24).plusSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> signer(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> signer(Duration.ofMinutes(-5)));
  }

  @Test
  void theContactIsAMailtoOrHttpsUri() {
    new VapidSigner(KEYS, "https://feedline.example/contact", Duration.ofHours(1), clock);
    for (String contact :
        new String[] {"ops@feedline.example", "http://feedline.example", "mailto:", "", null}) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> new VapidSigner(KEYS, contact, Duration.ofHours(1), clock),
              String.valueOf(contact));
      assertTrue(
          refused.getMessage().startsWith("The VAPID contact must be a mailto: or https: URI"));
    }
  }

  /** A clock that moves only when told. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
