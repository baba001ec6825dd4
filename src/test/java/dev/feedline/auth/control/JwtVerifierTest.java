package dev.feedline.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtVerifierTest {
  private static final long NOW = 1_700_000_000L;
  private static final long SKEW = 60;
  private static final String ISSUER = "https://issuer.example";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static KeyPair keys;
  private static KeyPair otherKeys;

  @BeforeAll
  static void makeKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    keys = generator.generateKeyPair();
    otherKeys = generator.generateKeyPair();
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

  private static String sign(Map<String, Object> claims) {
    return JwtSigner.sign(claims, keys.getPrivate(), "k1");
  }

  private static JwtVerifier verifier() {
    return new JwtVerifier(keys.getPublic(), ISSUER, Set.of(), SKEW);
  }

  private static void assertRejected(JwtVerifier verifier, String token) {
    assertThrows(TokenRejectedException.class, () -> verifier.verify(token, NOW));
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void tokenSignedWithTheKeyVerifiesAndAnswersItsClaims() throws Exception {
    JsonObject claims = verifier().verify(sign(claims()), NOW);

    assertEquals("alice", claims.getString("sub"));
    assertEquals("user", claims.getJsonArray("groups").getString(0));
    assertEquals(NOW + 3600, claims.getJsonNumber("exp").longValue());
  }

  @Test
  void tokenSignedWithAnotherKeyIsRejected() {
    String token = JwtSigner.sign(claims(), otherKeys.getPrivate(), "k1");
    assertRejected(verifier(), token);
  }

  @Test
  void expiredBeyondTheSkewIsRejected() {
    Map<String, Object> claims = claims();
    claims.put("exp", NOW - SKEW - 1);
    assertRejected(verifier(), sign(claims));
  }

  @Test
  void expiredWithinTheSkewIsAccepted() throws Exception {
    Map<String, Object> claims = claims();
    claims.put("exp", NOW - SKEW);
    assertEquals("alice", verifier().verify(sign(claims), NOW).getString("sub"));
  }

  @Test
  void tokenWithoutExpiryIsRejected() {
    Map<String, Object> claims = claims();
    claims.remove("exp");
    assertRejected(verifier(), sign(claims));
  }

  @Test
  void tokenNotValidYetBeyondTheSkewIsRejectedAndWithinItAccepted() throws Exception {
    Map<String, Object> early = claims();
    early.put("nbf", NOW + SKEW + 1);
    assertRejected(verifier(), sign(early));

    Map<String, Object> almost = claims();
    almost.put("nbf", NOW + SKEW);
    assertEquals("alice", verifier().verify(sign(almost), NOW).getString("sub"));
  }

  @Test
  void wrongOrMissingIssuerIsRejected() {
    Map<String, Object> wrong = claims();
    wrong.put("iss", "https://evil.example");
    assertRejected(verifier(), sign(wrong));

    Map<String, Object> missing = claims();
    missing.remove("iss");
    assertRejected(verifier(), sign(missing));
  }

  @Test
  void verifierWithoutIssuerAcceptsAnyIssuer() throws Exception {
    Map<String, Object> claims = claims();
    claims.put("iss", "anyone");
    JwtVerifier verifier = new JwtVerifier(keys.getPublic(), null, Set.of(), SKEW);

    assertEquals("anyone", verifier.verify(sign(claims), NOW).getString("iss"));
  }

  @Test
  void configuredAudienceMustBeNamedAsStringOrInAnArray() throws Exception {
    JwtVerifier verifier =
        new JwtVerifier(keys.getPublic(), ISSUER, Set.of("feedline", "other-app"), SKEW);

    Map<String, Object> single = claims();
    single.put("aud", "feedline");
    verifier.verify(sign(single), NOW);

    Map<String, Object> many = claims();
    many.put("aud", List.of("unrelated", "other-app"));
    verifier.verify(sign(many), NOW);

    Map<String, Object> wrong = claims();
    wrong.put("aud", "someone-else");
    assertRejected(verifier, sign(wrong));

    Map<String, Object> wrongArray = claims();
    wrongArray.put("aud", List.of("someone-else"));
    assertRejected(verifier, sign(wrongArray));

    assertRejected(verifier, sign(claims()));
  }

  @Test
  void withoutConfiguredAudiencesAnyAudienceIsAccepted() throws Exception {
    Map<String, Object> claims = claims();
    claims.put("aud", "whatever");
    assertEquals("whatever", verifier().verify(sign(claims), NOW).getString("aud"));
  }

  @Test
  void tamperedPayloadIsRejected() {
    String[] parts = sign(claims()).split("\\.");
    Map<String, Object> forged = claims();
    forged.put("sub", "admin");
    forged.put("groups", List.of("admin"));
    String payload = encode(dev.feedline.json.Json.write(forged));

    assertRejected(verifier(), parts[0] + "." + payload + "." + parts[2]);
  }

  @Test
  void tamperedSignatureIsRejected() {
    String token = sign(claims());
    char last = token.charAt(token.length() - 10);
    String tampered =
        token.substring(0, token.length() - 10)
            + (last == 'A' ? 'B' : 'A')
            + token.substring(token.length() - 9);

    assertRejected(verifier(), tampered);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "..", "...."})
  void tokenThatIsNotThreePartsIsRejected(String token) {
    assertRejected(verifier(), token);
  }

  @Test
  void twoPartsOfAValidTokenAreRejected() {
    String[] parts = sign(claims()).split("\\.");
    assertRejected(verifier(), parts[0] + "." + parts[1]);
    assertRejected(verifier(), parts[0] + "." + parts[1] + ".");
  }

  @Test
  void unsignedAlgNoneTokenIsRejected() {
    String header = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String payload = encode(dev.feedline.json.Json.write(claims()));

    assertRejected(verifier(), header + "." + payload + ".");
  }

  @Test
  void tokenClaimingAnotherAlgorithmIsRejectedEvenWithAValidSignature() {
    String[] parts = sign(claims()).split("\\.");
    String hs256 = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");

    assertRejected(verifier(), hs256 + "." + parts[1] + "." + parts[2]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not base64 !", "bm90IGpzb24", "WzEsMl0"}) // "not json", "[1,2]"
  void malformedHeaderIsRejectedNotThrown(String header) {
    String[] parts = sign(claims()).split("\\.");
    assertRejected(verifier(), header + "." + parts[1] + "." + parts[2]);
  }
}
