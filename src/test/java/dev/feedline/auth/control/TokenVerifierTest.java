package dev.feedline.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.auth.entity.Caller;
import dev.feedline.configuration.Profile;
import dev.feedline.it.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {
  private static final String ISSUER = "https://issuer.example";

  @TempDir Path dataDir;
  private TokenVerifier made;

  @AfterEach
  void stopReloading() {
    if (made != null) {
      made.stop();
    }
  }

  private DevKeys devKeys() {
    DevKeys devKeys = new DevKeys();
    devKeys.dataDir = dataDir.toString();
    return devKeys;
  }

  private TokenVerifier local() {
    TokenVerifier verifier = unconfigured(Profile.LOCAL);
    verifier.devKeys = devKeys();
    return verifier;
  }

  private TokenVerifier production() {
    TokenVerifier verifier = unconfigured(Profile.PRODUCTION);
    verifier.issuer = Optional.of(ISSUER);
    return verifier;
  }

  private TokenVerifier unconfigured(String profile) {
    TokenVerifier verifier = new TokenVerifier();
    verifier.profile = new Profile(profile);
    verifier.publicKey = Optional.empty();
    verifier.publicKeyLocation = Optional.empty();
    verifier.algorithms = "RS256";
    verifier.issuer = Optional.empty();
    verifier.audiences = Optional.empty();
    verifier.skewSeconds = 30;
    verifier.refreshSeconds = 300;
    verifier.unknownKidRefreshSeconds = 3600;
    made = verifier;
    return verifier;
  }

  private static Map<String, Object> claims(String issuer) {
    return Tokens.claims("alice", issuer, "user", "admin");
  }

  private String localToken(Map<String, Object> claims) {
    return Tokens.sign(claims, DevKeys.loadOrCreate(dataDir).getPrivate());
  }

  private static long exp(Map<String, Object> claims) {
    return ((Number) claims.get("exp")).longValue();
  }

  @Test
  void localTokenNamesItsSubjectAndGroupsAndIsAcceptedUntilExpiryPlusSkew() throws Exception {
    Map<String, Object> claims = claims(Tokens.LOCAL_ISSUER);
    Caller caller = local().verify(localToken(claims));

    assertEquals(new Caller("alice", Set.of("user", "admin"), exp(claims) + 30), caller);
  }

  @Test
  void tokenMintedByTheLocalProfileVerifiesThroughTheSamePath() throws Exception {
    TokenVerifier verifier = local();
    String token = verifier.devKeys.mint("bob", List.of("user"), Duration.ofMinutes(1));

    Caller caller = verifier.verify(token);

    assertEquals("bob", caller.userId());
    assertEquals(Set.of("user"), caller.groups());
  }

  @Test
  void upnNamesTheCallerWhenThereIsNoSubject() throws Exception {
    Map<String, Object> claims = claims(Tokens.LOCAL_ISSUER);
    claims.remove("sub");
    claims.put("upn", "bob");
    claims.remove("groups");

    assertEquals(new Caller("bob", Set.of(), exp(claims) + 30), local().verify(localToken(claims)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "", "x/y"})
  void tokenNamingNoValidUserIsRejected(String user) {
    Map<String, Object> claims = claims(Tokens.LOCAL_ISSUER);
    claims.put("sub", user);
    String token = localToken(claims);

    assertThrows(TokenRejectedException.class, () -> local().verify(token));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void missingTokenIsRejected(String token) {
    assertThrows(TokenRejectedException.class, () -> local().verify(token));
  }

  @Test
  void localProfileRejectsAnotherIssuer() {
    String token = localToken(claims(ISSUER));
    assertThrows(TokenRejectedException.class, () -> local().verify(token));
  }

  @Test
  void productionVerifiesWithTheConfiguredKeyIssuerAndAudiences() throws Exception {
    KeyPair keys = Tokens.newRsaKeyPair();
    TokenVerifier verifier = production();
    verifier.publicKey = Optional.of(Tokens.pem(keys.getPublic()));
    verifier.audiences = Optional.of(" feedline , mobile ");
    Map<String, Object> claims = claims(ISSUER);
    claims.put("aud", "mobile");

    assertEquals(List.of(), verifier.prepare());
    assertEquals("alice", verifier.verify(Tokens.sign(claims, keys.getPrivate())).userId());
    claims.put("aud", "elsewhere");
    String wrongAudience = Tokens.sign(claims, keys.getPrivate());
    assertThrows(TokenRejectedException.class, () -> verifier.verify(wrongAudience));
  }

  @Test
  void productionReadsAKeySetFromItsLocationAndChoosesByKid() throws Exception {
    KeyPair one = Tokens.newRsaKeyPair();
    KeyPair two = Tokens.newRsaKeyPair();
    Path keyFile = dataDir.resolve("jwks.json");
    Files.writeString(keyFile, Tokens.jwks(Map.of("one", one.getPublic(), "two", two.getPublic())));
    TokenVerifier verifier = production();
    verifier.publicKeyLocation = Optional.of(keyFile.toUri().toString());

    assertEquals(List.of(), verifier.prepare());
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
    TokenVerifier verifier = production();
    verifier.publicKeyLocation = Optional.of(keyFile.toString());
    verifier.refreshSeconds = 1;
    assertEquals(List.of(), verifier.prepare());
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
    TokenVerifier verifier = production();
    verifier.publicKeyLocation = Optional.of(keyFile.toString());
    assertEquals(List.of(), verifier.prepare());
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

  private static String onlyProblem(TokenVerifier verifier) {
    List<String> problems = verifier.prepare();
    assertEquals(1, problems.size(), problems.toString());
    return problems.get(0);
  }

  @Test
  void brokenInlineKeyIsNamedWithItsReason() {
    TokenVerifier verifier = production();
    verifier.publicKey =
        Optional.of("-----BEGIN PUBLIC KEY-----\nnot base64 at all!\n-----END PUBLIC KEY-----");

    String problem = onlyProblem(verifier);

    assertTrue(problem.startsWith("mp.jwt.verify.publickey (MP_JWT_VERIFY_PUBLICKEY)"), problem);
    assertTrue(problem.contains("not base64"), problem);
  }

  @Test
  void unreadableKeyLocationIsNamedWithItsReason() {
    TokenVerifier verifier = production();
    verifier.publicKeyLocation = Optional.of(dataDir.resolve("absent.pem").toString());

    String problem = onlyProblem(verifier);

    assertTrue(problem.startsWith("mp.jwt.verify.publickey.location"), problem);
    assertTrue(problem.contains("absent.pem"), problem);
    assertTrue(problem.contains("cannot be read"), problem);
  }

  @Test
  void keyOfTheWrongKindForTheAlgorithmIsNamed() {
    TokenVerifier verifier = production();
    verifier.publicKey = Optional.of(Tokens.pem(Tokens.newEcKeyPair().getPublic()));

    String problem = onlyProblem(verifier);

    assertTrue(problem.contains("holds no key for [RS256]"), problem);
  }

  @Test
  void symmetricOrUnknownAlgorithmIsRefused() {
    for (String algorithm : List.of("HS256", "none", "RS256,HS512", "nonsense")) {
      TokenVerifier verifier = production();
      verifier.publicKey = Optional.of(Tokens.pem(Tokens.newRsaKeyPair().getPublic()));
      verifier.algorithms = algorithm;

      String problem = onlyProblem(verifier);

      assertTrue(problem.startsWith("mp.jwt.verify.publickey.algorithm"), problem);
    }
  }

  @Test
  void negativeSkewAndZeroRefreshAreNamed() {
    TokenVerifier verifier = production();
    verifier.publicKey = Optional.of(Tokens.pem(Tokens.newRsaKeyPair().getPublic()));
    verifier.skewSeconds = -1;
    verifier.refreshSeconds = 0;

    List<String> problems = verifier.prepare();

    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("mp.jwt.verify.clock.skew"), problems.get(0));
    assertTrue(problems.get(1).startsWith("feedline.auth.keys-refresh-seconds"), problems.get(1));
  }

  @Test
  void missingKeyIsLeftToRequiredSettingsAndVerifyingWithoutOneIsNotAToken401() {
    TokenVerifier verifier = production();

    assertEquals(List.of(), verifier.prepare());
    String token = Tokens.sign(claims(ISSUER), Tokens.newRsaKeyPair().getPrivate());
    assertThrows(IllegalStateException.class, () -> verifier.verify(token));
  }

  @Test
  void localProfileIgnoresTheProductionKeySettings() throws Exception {
    TokenVerifier verifier = local();
    verifier.publicKey = Optional.of("broken");

    assertEquals(List.of(), verifier.prepare());
    assertEquals("alice", verifier.verify(localToken(claims(Tokens.LOCAL_ISSUER))).userId());
  }

  @Test
  void expiredTokenIsRefusedWithoutAnyExpiry() {
    Map<String, Object> claims = claims(Tokens.LOCAL_ISSUER);
    claims.put("exp", Instant.now().getEpochSecond() - 31);
    TokenRejectedException e =
        assertThrows(TokenRejectedException.class, () -> local().verify(localToken(claims)));
    assertEquals("The token has expired.", e.getMessage());
  }
}
