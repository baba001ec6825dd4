package dev.feedline.auth.control;

import static dev.feedline.auth.control.TokenSettingsFixture.ISSUER;
import static dev.feedline.auth.control.TokenSettingsFixture.verifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.auth.entity.Caller;
import dev.feedline.it.Tokens;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a token must be to verify, and the caller it names. Keys and settings: TokenSettingsTest.
 */
class TokenVerifierTest {
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

  private TokenVerifier local() {
    return verifier(fixture.local());
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
    TokenSettings settings = fixture.local();
    String token = settings.devKeys.mint("bob", List.of("user"), Duration.ofMinutes(1));

    Caller caller = verifier(settings).verify(token);

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
    TokenSettings settings = fixture.production();
    settings.publicKey = Optional.of(Tokens.pem(keys.getPublic()));
    settings.audiences = Optional.of(" feedline , mobile ");
    TokenVerifier verifier = verifier(settings);
    Map<String, Object> claims = claims(ISSUER);
    claims.put("aud", "mobile");

    assertEquals(List.of(), settings.prepare());
    assertEquals("alice", verifier.verify(Tokens.sign(claims, keys.getPrivate())).userId());
    claims.put("aud", "elsewhere");
    String wrongAudience = Tokens.sign(claims, keys.getPrivate());
    assertThrows(TokenRejectedException.class, () -> verifier.verify(wrongAudience));
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
