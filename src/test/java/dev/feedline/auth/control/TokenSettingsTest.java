package dev.feedline.auth.control;

import static dev.feedline.auth.control.TokenSettingsFixture.ISSUER;
import static dev.feedline.auth.control.TokenSettingsFixture.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.it.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys that tokens are verified with, where they come from, and the start-up check. */
class TokenSettingsTest {
  @TempDir Path dataDir;
  private TokenSettingsFixture fixture;

  @BeforeEach
  void fixture() {
    fixture = new TokenSettingsFixture(dataDir);
  }

  @AfterEach
  void stopReloading() {
    fixture.stop();
  }

  private static Map<String, Object> claims(String issuer) {
    return Tokens.claims("alice", issuer, "user", "admin");
  }

  @Test
  void productionReadsAKeySetFromItsLocationAndChoosesByKid() throws Exception {
    KeyPair one = Tokens.newRsaKeyPair();
    KeyPair two = Tokens.newRsaKeyPair();
    Path keyFile = dataDir.resolve("jwks.json");
    Files.writeString(keyFile, Tokens.jwks(Map.of("one", one.getPublic(), "two", two.getPublic())));
    TokenSettings settings = fixture.production();
    settings.publicKeyLocation = Optional.of(keyFile.toUri().toString());
    TokenVerifier verifier = verifier(settings);

    assertEquals(List.of(), settings.prepare());
    assertEquals(
        "alice", verifier.verify(Tokens.sign(claims(ISSUER), two.getPrivate(), "two")).userId());
    String wrongKid = Tokens.sign(claims(ISSUER), two.getPrivate(), "one");
    assertThrows(TokenRejectedException.class, () -> verifier.verify(wrongKid));
  }

  @Test
  void productionTakesUpARotatedKeySetFileOnItsInterval() throws Exception {
    KeyPair old = Tokens.newRsaKeyPair();
    KeyPair fresh = Tokens.newRsaKeyPair();
    Path keyFile = dataDir.resolve("jwks.json");
    Files.writeString(keyFile, Tokens.jwks(Map.of("old", old.getPublic())));
    TokenSettings settings = fixture.production();
    settings.publicKeyLocation = Optional.of(keyFile.toString());
    settings.refreshSeconds = 1;
    TokenVerifier verifier = verifier(settings);
    assertEquals(List.of(), settings.prepare());
    String byOld = Tokens.sign(claims(ISSUER), old.getPrivate(), "old");
    String byFresh = Tokens.sign(claims(ISSUER), fresh.getPrivate(), "fresh");
    verifier.verify(byOld);
    // Spends the read an unknown kid may make (once an hour here): only the schedule is left.
    assertThrows(TokenRejectedException.class, () -> verifier.verify(byFresh));

    Files.writeString(keyFile, Tokens.jwks(Map.of("fresh", fresh.getPublic())));

    dev.feedline.it.Poll.until(
        Duration.ofSeconds(30),
        "the new kid to be accepted",
        () -> accepts(verifier, byFresh),
        () -> "still refused");
    assertThrows(TokenRejectedException.class, () -> verifier.verify(byOld));
  }

  @Test
  void aTokenOfAKidTheSetLacksReadsTheKeySetAgainAtOnceAtMostOncePerInterval() throws Exception {
    KeyPair old = Tokens.newRsaKeyPair();
    KeyPair fresh = Tokens.newRsaKeyPair();
    KeyPair third = Tokens.newRsaKeyPair();
    Path keyFile = dataDir.resolve("jwks.json");
    Files.writeString(keyFile, Tokens.jwks(Map.of("old", old.getPublic())));
    TokenSettings settings = fixture.production();
    settings.publicKeyLocation = Optional.of(keyFile.toString());
    TokenVerifier verifier = verifier(settings);
    assertEquals(List.of(), settings.prepare());
    verifier.verify(Tokens.sign(claims(ISSUER), old.getPrivate(), "old"));

    // The provider publishes a new key and signs with it at once, long before the scheduled read.
    Files.writeString(
        keyFile, Tokens.jwks(Map.of("old", old.getPublic(), "fresh", fresh.getPublic())));
    assertEquals(
        "alice",
        verifier.verify(Tokens.sign(claims(ISSUER), fresh.getPrivate(), "fresh")).userId());

    // Within the interval another unknown kid reads nothing: a made-up kid cannot make every
    // request fetch the key set.
    Files.writeString(
        keyFile,
        Tokens.jwks(
            Map.of(
                "old", old.getPublic(), "fresh", fresh.getPublic(), "third", third.getPublic())));
    String byThird = Tokens.sign(claims(ISSUER), third.getPrivate(), "third");
    assertThrows(TokenRejectedException.class, () -> verifier.verify(byThird));
  }

  private static boolean accepts(TokenVerifier verifier, String token) {
    try {
      verifier.verify(token);
      return true;
    } catch (TokenRejectedException e) {
      return false;
    }
  }

  // The start-up check: what is wrong, named, before the node serves.

  private static String onlyProblem(TokenSettings settings) {
    List<String> problems = settings.prepare();
    assertEquals(1, problems.size(), problems.toString());
    return problems.get(0);
  }

  @Test
  void brokenInlineKeyIsNamedWithItsReason() {
    TokenSettings settings = fixture.production();
    settings.publicKey =
        Optional.of("-----BEGIN PUBLIC KEY-----\nnot base64 at all!\n-----END PUBLIC KEY-----");

    String problem = onlyProblem(settings);

    assertTrue(problem.startsWith("mp.jwt.verify.publickey (MP_JWT_VERIFY_PUBLICKEY)"), problem);
    assertTrue(problem.contains("not base64"), problem);
  }

  @Test
  void unreadableKeyLocationIsNamedWithItsReason() {
    TokenSettings settings = fixture.production();
    settings.publicKeyLocation = Optional.of(dataDir.resolve("absent.pem").toString());

    String problem = onlyProblem(settings);

    assertTrue(problem.startsWith("mp.jwt.verify.publickey.location"), problem);
    assertTrue(problem.contains("absent.pem"), problem);
    assertTrue(problem.contains("cannot be read"), problem);
  }

  @Test
  void keyOfTheWrongKindForTheAlgorithmIsNamed() {
    TokenSettings settings = fixture.production();
    settings.publicKey = Optional.of(Tokens.pem(Tokens.newEcKeyPair().getPublic()));

    String problem = onlyProblem(settings);

    assertTrue(problem.contains("holds no key for [RS256]"), problem);
  }

  @Test
  void symmetricOrUnknownAlgorithmIsRefused() {
    for (String algorithm : List.of("HS256", "none", "RS256,HS512", "nonsense")) {
      TokenSettings settings = fixture.production();
      settings.publicKey = Optional.of(Tokens.pem(Tokens.newRsaKeyPair().getPublic()));
      settings.algorithms = algorithm;

      String problem = onlyProblem(settings);

      assertTrue(problem.startsWith("mp.jwt.verify.publickey.algorithm"), problem);
    }
  }

  @Test
  void negativeSkewAndZeroRefreshAreNamed() {
    TokenSettings settings = fixture.production();
    settings.publicKey = Optional.of(Tokens.pem(Tokens.newRsaKeyPair().getPublic()));
    settings.skewSeconds = -1;
    settings.refreshSeconds = 0;

    List<String> problems = settings.prepare();

    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("mp.jwt.verify.clock.skew"), problems.get(0));
    assertTrue(problems.get(1).startsWith("feedline.auth.keys-refresh-seconds"), problems.get(1));
  }

  @Test
  void missingKeyIsLeftToRequiredSettingsAndVerifyingWithoutOneIsNotAToken401() {
    TokenSettings settings = fixture.production();

    assertEquals(List.of(), settings.prepare());
    String token = Tokens.sign(claims(ISSUER), Tokens.newRsaKeyPair().getPrivate());
    assertThrows(IllegalStateException.class, () -> verifier(settings).verify(token));
  }

  @Test
  void localProfileIgnoresTheProductionKeySettings() throws Exception {
    TokenSettings settings = fixture.local();
    settings.publicKey = Optional.of("broken");

    assertEquals(List.of(), settings.prepare());
    String token =
        Tokens.sign(claims(Tokens.LOCAL_ISSUER), DevKeys.loadOrCreate(dataDir).getPrivate());
    assertEquals("alice", verifier(settings).verify(token).userId());
  }
}
