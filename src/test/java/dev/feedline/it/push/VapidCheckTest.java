package dev.feedline.it.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.it.push.RfcExamples.Rfc8292;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

/** The test receiver's VAPID check accepts the RFC's example and tokens of another library. */
class VapidCheckTest {
  private static final String RFC_HEADER = "vapid t=" + Rfc8292.TOKEN + ", k=" + Rfc8292.KEY;
  private static final Instant BEFORE_RFC_EXPIRY = Instant.ofEpochSecond(Rfc8292.EXPIRY - 3600);
  private static final String ORIGIN = "https://push.example.net";

  private static String rejection(String header, String origin, Instant now) {
    return assertThrows(PushRejected.class, () -> VapidCheck.verify(header, origin, now))
        .getMessage();
  }

  private static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static String point(KeyPair pair) {
    byte[] spki = pair.getPublic().getEncoded();
    return UserAgent.encode(Arrays.copyOfRange(spki, spki.length - 65, spki.length));
  }

  /** A header whose token jose4j signed with {@code claims}. */
  private static String jose4j(KeyPair pair, JwtClaims claims) throws Exception {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(pair.getPrivate());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    return "vapid t=" + jws.getCompactSerialization() + ", k=" + point(pair);
  }

  private static JwtClaims claims(Instant expiry) {
    JwtClaims claims = new JwtClaims();
    claims.setAudience(ORIGIN);
    claims.setClaim("exp", expiry.getEpochSecond());
    claims.setSubject("mailto:ops@example.com");
    return claims;
  }

  @Test
  void theRfcExampleVerifiesBeforeItExpires() {
    VapidCheck.Vapid vapid = VapidCheck.verify(RFC_HEADER, Rfc8292.AUDIENCE, BEFORE_RFC_EXPIRY);

    assertEquals(Rfc8292.KEY, vapid.key());
    assertEquals(Rfc8292.AUDIENCE, vapid.audience());
    assertEquals(Rfc8292.EXPIRY, vapid.expiry());
    assertEquals(Rfc8292.SUBJECT, vapid.subject());
  }

  @Test
  void quotedParametersAndAnyCaseOfTheSchemeAreRead() {
    String quoted = "Vapid t=\"" + Rfc8292.TOKEN + "\",k=\"" + Rfc8292.KEY + "\"";

    assertEquals(Rfc8292.KEY, VapidCheck.verify(quoted, ORIGIN, BEFORE_RFC_EXPIRY).key());
  }

  @Test
  void theRfcExampleIsRejectedWhenExpiredOrTooFarAheadOrForAnotherOrigin() {
    Instant expiry = Instant.ofEpochSecond(Rfc8292.EXPIRY);
    assertTrue(rejection(RFC_HEADER, ORIGIN, expiry).startsWith("expired"));
    assertTrue(
        rejection(RFC_HEADER, ORIGIN, expiry.minus(Duration.ofHours(24)).minusSeconds(1))
            .startsWith("exp is more than 24 hours ahead"));
    assertTrue(
        rejection(RFC_HEADER, "https://push.example.org", BEFORE_RFC_EXPIRY).startsWith("aud is"));
  }

  @Test
  void aTokenNotSignedByKIsRejected() throws Exception {
    String otherKey = "vapid t=" + Rfc8292.TOKEN + ", k=" + point(p256());
    assertEquals("the signature is not by k", rejection(otherKey, ORIGIN, BEFORE_RFC_EXPIRY));

    String[] parts = Rfc8292.TOKEN.split("\\.");
    String otherClaims =
        parts[0]
            + "."
            + UserAgent.encode(
                "{\"aud\":\"https://push.example.net\",\"exp\":1453523768,\"sub\":\"mailto:x@y.z\"}"
                    .getBytes())
            + "."
            + parts[2];
    assertEquals(
        "the signature is not by k",
        rejection("vapid t=" + otherClaims + ", k=" + Rfc8292.KEY, ORIGIN, BEFORE_RFC_EXPIRY));
  }

  @Test
  void tokensOfAnotherLibraryVerify() throws Exception {
    Instant now = Instant.now();
    KeyPair pair = p256();
    for (int i = 0; i < 20; i++) {
      String header = jose4j(pair, claims(now.plus(Duration.ofHours(12))));
      assertEquals(point(pair), VapidCheck.verify(header, ORIGIN, now).key());
    }
  }

  @Test
  void aTokenWithoutContactOrOfAnotherAlgorithmIsRejected() throws Exception {
    Instant now = Instant.now();
    JwtClaims noSub = claims(now.plus(Duration.ofHours(1)));
    noSub.unsetClaim("sub");
    assertTrue(rejection(jose4j(p256(), noSub), ORIGIN, now).startsWith("sub is not"));

    JsonWebSignature hs256 = new JsonWebSignature();
    hs256.setPayload(claims(now.plus(Duration.ofHours(1))).toJson());
    hs256.setKey(new HmacKey(new byte[32]));
    hs256.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
    String header = "vapid t=" + hs256.getCompactSerialization() + ", k=" + point(p256());
    assertTrue(rejection(header, ORIGIN, now).startsWith("alg is"));
  }

  @Test
  void headersOfOtherSchemesOrWithoutKeyAreRejected() {
    assertTrue(
        rejection("WebPush " + Rfc8292.TOKEN, ORIGIN, BEFORE_RFC_EXPIRY).contains("vapid scheme"));
    assertTrue(
        rejection("vapid t=" + Rfc8292.TOKEN, ORIGIN, BEFORE_RFC_EXPIRY).contains("both t and k"));
    assertEquals("no Authorization header", rejection(null, ORIGIN, BEFORE_RFC_EXPIRY));
  }

  @Test
  void joseSignaturesBecomeMinimalDerIntegers() {
    byte[] jose = new byte[64];
    jose[2] = 0x01; // r = 0x01 followed by 29 zero bytes: two leading zero bytes dropped
    jose[32] = (byte) 0x80; // s has its top bit set: a zero byte keeps it positive

    byte[] der = VapidCheck.der(jose);

    byte[] r = new byte[30];
    r[0] = 0x01;
    byte[] s = new byte[33];
    s[1] = (byte) 0x80;
    byte[] expected =
        HexFormat.of()
            .parseHex(
                "3043"
                    + "021e"
                    + HexFormat.of().formatHex(r)
                    + "0221"
                    + HexFormat.of().formatHex(s));
    assertArrayEquals(expected, der);
  }
}
