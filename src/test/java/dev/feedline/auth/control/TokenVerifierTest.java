package dev.feedline.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.auth.entity.Caller;
import dev.feedline.configuration.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenVerifierTest {
  @TempDir Path dataDir;

  private TokenVerifier local() {
    DevKeys devKeys = new DevKeys();
    devKeys.dataDir = dataDir.toString();
    TokenVerifier verifier = unconfigured(Profile.LOCAL);
    verifier.devKeys = devKeys;
    return verifier;
  }

  private static TokenVerifier unconfigured(String profile) {
    TokenVerifier verifier = new TokenVerifier();
    verifier.profile = new Profile(profile);
    verifier.publicKey = Optional.empty();
    verifier.publicKeyLocation = Optional.empty();
    verifier.issuer = Optional.empty();
    verifier.audiences = Optional.empty();
    verifier.skewSeconds = 60;
    return verifier;
  }

  private static Map<String, Object> claims(String issuer) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", "alice");
    claims.put("groups", List.of("user", "admin"));
    claims.put("exp", now + 600);
    return claims;
  }

  private String localToken(Map<String, Object> claims) {
    return JwtSigner.sign(claims, DevKeys.loadOrCreate(dataDir).getPrivate(), "feedline-local");
  }

  private static String pem(KeyPair keys) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  @Test
  void localTokenNamesItsSubjectAndGroups() throws Exception {
    Map<String, Object> claims = claims(DevKeys.ISSUER);
    Caller caller = local().verify(localToken(claims));

    long exp = ((Number) claims.get("exp")).longValue();
    assertEquals(new Caller("alice", Set.of("user", "admin"), exp), caller);
  }

  @Test
  void upnNamesTheCallerWhenThereIsNoSubject() throws Exception {
    Map<String, Object> claims = claims(DevKeys.ISSUER);
    claims.remove("sub");
    claims.put("upn", "bob");
    claims.remove("groups");

    long exp = ((Number) claims.get("exp")).longValue();
    assertEquals(new Caller("bob", Set.of(), exp), local().verify(localToken(claims)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "", "x/y"})
  void tokenNamingNoValidUserIsRejected(String user) {
    Map<String, Object> claims = claims(DevKeys.ISSUER);
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
    String token = localToken(claims("https://issuer.example"));
    assertThrows(TokenRejectedException.class, () -> local().verify(token));
  }

  @Test
  void productionVerifiesWithTheConfiguredKeyIssuerAndAudiences() throws Exception {
    KeyPair keys = rsa();
    TokenVerifier verifier = unconfigured(Profile.PRODUCTION);
    verifier.publicKey = Optional.of(pem(keys));
    verifier.issuer = Optional.of("https://issuer.example");
    verifier.audiences = Optional.of(" feedline , mobile ");
    Map<String, Object> claims = claims("https://issuer.example");
    claims.put("aud", "mobile");

    Caller caller = verifier.verify(JwtSigner.sign(claims, keys.getPrivate(), "k"));

    assertEquals("alice", caller.userId());
    claims.put("aud", "elsewhere");
    String wrongAudience = JwtSigner.sign(claims, keys.getPrivate(), "k");
    assertThrows(TokenRejectedException.class, () -> verifier.verify(wrongAudience));
  }

  @Test
  void productionReadsTheKeyFromItsLocation() throws Exception {
    KeyPair keys = rsa();
    Path keyFile = dataDir.resolve("key.pem");
    Files.writeString(keyFile, pem(keys));
    TokenVerifier verifier = unconfigured(Profile.PRODUCTION);
    verifier.publicKeyLocation = Optional.of(keyFile.toUri().toString());
    verifier.issuer = Optional.of("https://issuer.example");

    String token = JwtSigner.sign(claims("https://issuer.example"), keys.getPrivate(), "k");

    assertEquals("alice", verifier.verify(token).userId());
  }

  @Test
  void publicKeyParsesFromPemOrBareBase64AndRefusesGarbage() throws Exception {
    KeyPair keys = rsa();
    byte[] encoded = keys.getPublic().getEncoded();

    assertEquals(keys.getPublic(), TokenVerifier.parsePublicKey(pem(keys)));
    assertEquals(
        keys.getPublic(),
        TokenVerifier.parsePublicKey(Base64.getEncoder().encodeToString(encoded)));
    assertThrows(IllegalStateException.class, () -> TokenVerifier.parsePublicKey("not a key"));
  }
}
