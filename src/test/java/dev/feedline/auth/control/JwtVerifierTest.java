package dev.feedline.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.feedline.it.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tokens made by smallrye-jwt-build and jose4j, verified by Feedline's verifier. */
class JwtVerifierTest {
  private static final long NOW = 1_700_000_000L;
  private static final int SKEW = 30;
  private static final String ISSUER = "https://issuer.example";
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private static final Set<JWSAlgorithm> RS256 = Set.of(JWSAlgorithm.RS256);

  private static KeyPair first;
  private static KeyPair second;

  @BeforeAll
  static void makeKeys() {
    first = Tokens.newRsaKeyPair();
    second = Tokens.newRsaKeyPair();
  }

  private static Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", "alice");
    claims.put("groups", List.of("user"));
    claims.put("iat", NOW - 10);
    claims.put("exp", NOW + 3600);
    return claims;
  }

  private static JWKSet keys(String text) throws Exception {
    return KeyMaterial.parse(text);
  }

  private static JwtVerifier verifier(JWKSet keys) {
    return new JwtVerifier(() -> keys, RS256, ISSUER, Set.of(), SKEW, CLOCK);
  }

  /** The first key as an operator's PEM: no kid. */
  private static JwtVerifier pemVerifier() throws Exception {
    return verifier(keys(Tokens.pem(first.getPublic())));
  }

  /** Both keys in a JWK set, under kids one and two. */
  private static JwtVerifier jwksVerifier() throws Exception {
    return verifier(keys(Tokens.jwks(Map.of("one", first.getPublic(), "two", second.getPublic()))));
  }

  private static void assertRejected(JwtVerifier verifier, String token) {
    assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
  }

  private static String sub(JWTClaimsSet claims) {
    return claims.getSubject();
  }

  @Test
  void tokenSignedWithThePemKeyVerifiesAndAnswersItsClaims() throws Exception {
    JWTClaimsSet claims = pemVerifier().verify(Tokens.sign(claims(), first.getPrivate()));

    assertEquals("alice", sub(claims));
    assertEquals(List.of("user"), claims.getStringListClaim("groups"));
    assertEquals(NOW + 3600, claims.getExpirationTime().toInstant().getEpochSecond());
  }

  @Test
  void pemKeyHasNoKidSoItVerifiesWhateverKidTheTokenNames() throws Exception {
    assertEquals(
        "alice", sub(pemVerifier().verify(Tokens.sign(claims(), first.getPrivate(), "k-2024"))));
  }

  @Test
  void tokenSignedWithAnotherKeyIsRejected() throws Exception {
    assertRejected(pemVerifier(), Tokens.sign(claims(), second.getPrivate()));
  }

  @Test
  void keySetChoosesTheKeyByKid() throws Exception {
    JwtVerifier verifier = jwksVerifier();

    assertEquals("alice", sub(verifier.verify(Tokens.sign(claims(), first.getPrivate(), "one"))));
    assertEquals("alice", sub(verifier.verify(Tokens.sign(claims(), second.getPrivate(), "two"))));
  }

  @Test
  void keySetRefusesATokenWhoseKidNamesAnotherKeyThanTheOneThatSignedIt() throws Exception {
    assertRejected(jwksVerifier(), Tokens.sign(claims(), second.getPrivate(), "one"));
  }

  @Test
  void keySetRefusesAnUnknownKid() throws Exception {
    assertRejected(jwksVerifier(), Tokens.sign(claims(), first.getPrivate(), "three"));
  }

  @Test
  void tokenWithoutKidIsTriedAgainstEveryKeyOfTheSet() throws Exception {
    assertEquals("alice", sub(jwksVerifier().verify(Tokens.sign(claims(), second.getPrivate()))));
  }

  @Test
  void keySetIsAskedForEveryTokenSoAReplacedSetAppliesAtOnce() throws Exception {
    JWKSet[] current = {keys(Tokens.jwks(Map.of("one", first.getPublic())))};
    JwtVerifier verifier = new JwtVerifier(() -> current[0], RS256, ISSUER, Set.of(), SKEW, CLOCK);
    String byTwo = Tokens.sign(claims(), second.getPrivate(), "two");
    String byOne = Tokens.sign(claims(), first.getPrivate(), "one");
    assertRejected(verifier, byTwo);

    current[0] = keys(Tokens.jwks(Map.of("two", second.getPublic())));

    assertEquals("alice", sub(verifier.verify(byTwo)));
    assertRejected(verifier, byOne);
  }

  @Test
  void ecKeyVerifiesES256WhenThatIsTheAcceptedAlgorithm() throws Exception {
    KeyPair ec = Tokens.newEcKeyPair();
    JWKSet keys = keys(Tokens.jwks(Map.of("ec", ec.getPublic())));
    JwtVerifier es256 =
        new JwtVerifier(() -> keys, Set.of(JWSAlgorithm.ES256), ISSUER, Set.of(), SKEW, CLOCK);
    String token = Tokens.sign(claims(), ec.getPrivate(), "ec");

    assertEquals("alice", sub(es256.verify(token)));
    assertRejected(verifier(keys), token);
  }

  @Test
  void expiredBeyondTheSkewIsRejected() throws Exception {
    Map<String, Object> claims = claims();
    claims.put("exp", NOW - SKEW - 1);
    TokenRejectedException e =
        assertThrows(
            TokenRejectedException.class,
            () -> pemVerifier().verify(Tokens.sign(claims, first.getPrivate())));
    assertEquals("The token has expired.", e.getMessage());
  }

  @Test
  void expiredWithinTheSkewIsAccepted() throws Exception {
    Map<String, Object> claims = claims();
    claims.put("exp", NOW - SKEW + 1);
    assertEquals("alice", sub(pemVerifier().verify(Tokens.sign(claims, first.getPrivate()))));
  }

  @Test
  void tokenWithoutExpiryIsRejected() throws Exception {
    Map<String, Object> claims = claims();
    claims.remove("exp");
    assertRejected(pemVerifier(), Tokens.signAsIs(claims, first.getPrivate()));
  }

  @Test
  void tokenNotValidYetBeyondTheSkewIsRejectedAndWithinItAccepted() throws Exception {
    Map<String, Object> early = claims();
    early.put("nbf", NOW + SKEW + 1);
    assertRejected(pemVerifier(), Tokens.sign(early, first.getPrivate()));

    Map<String, Object> almost = claims();
    almost.put("nbf", NOW + SKEW - 1);
    assertEquals("alice", sub(pemVerifier().verify(Tokens.sign(almost, first.getPrivate()))));
  }

  @Test
  void wrongOrMissingIssuerIsRejected() throws Exception {
    Map<String, Object> wrong = claims();
    wrong.put("iss", "https://evil.example");
    assertRejected(pemVerifier(), Tokens.sign(wrong, first.getPrivate()));

    Map<String, Object> missing = claims();
    missing.remove("iss");
    assertRejected(pemVerifier(), Tokens.sign(missing, first.getPrivate()));
  }

  @Test
  void verifierWithoutIssuerAcceptsAnyIssuer() throws Exception {
    Map<String, Object> claims = claims();
    claims.put("iss", "anyone");
    JWKSet keys = keys(Tokens.pem(first.getPublic()));
    JwtVerifier verifier = new JwtVerifier(() -> keys, RS256, null, Set.of(), SKEW, CLOCK);

    assertEquals("anyone", verifier.verify(Tokens.sign(claims, first.getPrivate())).getIssuer());
  }

  @Test
  void configuredAudienceMustBeNamedAsStringOrInAnArray() throws Exception {
    JWKSet keys = keys(Tokens.pem(first.getPublic()));
    JwtVerifier verifier =
        new JwtVerifier(() -> keys, RS256, ISSUER, Set.of("feedline", "other-app"), SKEW, CLOCK);

    Map<String, Object> single = claims();
    single.put("aud", "feedline");
    verifier.verify(Tokens.sign(single, first.getPrivate()));

    Map<String, Object> many = claims();
    many.put("aud", List.of("unrelated", "other-app"));
    verifier.verify(Tokens.sign(many, first.getPrivate()));

    Map<String, Object> wrong = claims();
    wrong.put("aud", "someone-else");
    assertRejected(verifier, Tokens.sign(wrong, first.getPrivate()));

    Map<String, Object> wrongArray = claims();
    wrongArray.put("aud", List.of("someone-else"));
    assertRejected(verifier, Tokens.sign(wrongArray, first.getPrivate()));

    assertRejected(verifier, Tokens.sign(claims(), first.getPrivate()));
  }

  @Test
  void withoutConfiguredAudiencesAnyAudienceIsAccepted() throws Exception {
    Map<String, Object> claims = claims();
    claims.put("aud", "whatever");
    assertEquals(
        List.of("whatever"),
        pemVerifier().verify(Tokens.sign(claims, first.getPrivate())).getAudience());
  }

  @Test
  void tamperedPayloadIsRejected() throws Exception {
    String[] parts = Tokens.sign(claims(), first.getPrivate()).split("\\.");
    Map<String, Object> forged = claims();
    forged.put("sub", "admin");
    forged.put("groups", List.of("admin"));
    String payload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(Tokens.json(forged).getBytes(StandardCharsets.UTF_8));

    assertRejected(pemVerifier(), parts[0] + "." + payload + "." + parts[2]);
  }

  @Test
  void tamperedSignatureIsRejected() throws Exception {
    String token = Tokens.sign(claims(), first.getPrivate());
    char last = token.charAt(token.length() - 10);
    String tampered =
        token.substring(0, token.length() - 10)
            + (last == 'A' ? 'B' : 'A')
            + token.substring(token.length() - 9);

    assertRejected(pemVerifier(), tampered);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "..", "....", "eyJ.eyJ.sig"})
  void tokenThatIsNotAJwsIsRejected(String token) throws Exception {
    assertRejected(pemVerifier(), token);
  }

  @Test
  void twoPartsOfAValidTokenAreRejected() throws Exception {
    String[] parts = Tokens.sign(claims(), first.getPrivate()).split("\\.");
    assertRejected(pemVerifier(), parts[0] + "." + parts[1]);
    assertRejected(pemVerifier(), parts[0] + "." + parts[1] + ".");
  }

  @Test
  void unsignedAlgNoneTokenIsRejected() throws Exception {
    assertRejected(pemVerifier(), Tokens.unsigned(claims()));
    assertRejected(jwksVerifier(), Tokens.unsigned(claims()));
  }

  @Test
  void hs256WithThePublicKeyAsSecretIsRejected() throws Exception {
    PublicKey key = first.getPublic();
    assertRejected(pemVerifier(), Tokens.hmacWithPublicKey(claims(), key));
    assertRejected(jwksVerifier(), Tokens.hmacWithPublicKey(claims(), key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64 !", "bm90IGpzb24", "WzEsMl0"}) // "not json", "[1,2]"
  void malformedHeaderIsRejectedNotThrown(String header) throws Exception {
    String[] parts = Tokens.sign(claims(), first.getPrivate()).split("\\.");
    assertRejected(pemVerifier(), header + "." + parts[1] + "." + parts[2]);
  }

  @Test
  void typOfAnAccessTokenIsAcceptedAndAnUnrelatedTypIsNot() throws Exception {
    org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
    jws.setPayload(Tokens.json(claims()));
    jws.setAlgorithmHeaderValue("RS256");
    jws.setKey(first.getPrivate());
    jws.setHeader("typ", "at+jwt");
    assertEquals("alice", sub(pemVerifier().verify(jws.getCompactSerialization())));

    jws.setHeader("typ", "dpop+jwt");
    assertRejected(pemVerifier(), jws.getCompactSerialization());
  }
}
