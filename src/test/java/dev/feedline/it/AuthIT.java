package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class AuthIT {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Api api = Api.itServer();

  @Test
  void tokenSignedWithTheServersKeyByTheTestIsAccepted() {
    // The refusals below only mean something if a token made this way is otherwise good.
    String alice = Api.uniqueUser("alice");
    String token = Tokens.sign(Tokens.claims(alice, Tokens.LOCAL_ISSUER), serverKey());

    Api.Reply reply = api.postJson("api/v1/posts", token, Api.postBody("signed by the test"));

    assertEquals(alice, assertJson(reply, 201).getString("author"));
  }

  @Test
  void tokenSignedWithAnotherKeyIsUnauthorizedEverywhere() {
    PrivateKey foreign = Tokens.newRsaKeyPair().getPrivate();
    String token =
        Tokens.sign(Tokens.claims(Api.uniqueUser("alice"), Tokens.LOCAL_ISSUER), foreign);

    assertRefusedEverywhere(token);
  }

  @Test
  void tokenExpiredBeyondTheClockSkewIsUnauthorized() {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = Tokens.claims(Api.uniqueUser("alice"), Tokens.LOCAL_ISSUER);
    claims.put("iat", now - 3600);
    claims.put("exp", now - 300);

    assertRefusedEverywhere(Tokens.sign(claims, serverKey()));
  }

  @Test
  void tokenExpiredWithinTheClockSkewIsStillAccepted() {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = Tokens.claims(Api.uniqueUser("alice"), Tokens.LOCAL_ISSUER);
    claims.put("iat", now - 3600);
    claims.put("exp", now - 5);

    Api.Reply reply =
        api.postJson("api/v1/posts", Tokens.sign(claims, serverKey()), Api.postBody("just in"));

    assertEquals(201, reply.status(), reply.body());
  }

  @Test
  void tokenWithoutExpiryIsUnauthorized() {
    Map<String, Object> claims = Tokens.claims(Api.uniqueUser("alice"), Tokens.LOCAL_ISSUER);
    claims.remove("exp");

    assertRefusedEverywhere(Tokens.signAsIs(claims, serverKey()));
  }

  @Test
  void tokenNotValidYetIsUnauthorized() {
    Map<String, Object> claims = Tokens.claims(Api.uniqueUser("alice"), Tokens.LOCAL_ISSUER);
    claims.put("nbf", Instant.now().getEpochSecond() + 600);

    assertRefusedEverywhere(Tokens.sign(claims, serverKey()));
  }

  @Test
  void tokenOfAnotherIssuerIsUnauthorized() {
    String token = Tokens.sign(Tokens.claims(Api.uniqueUser("alice"), "someone-else"), serverKey());

    assertRefusedEverywhere(token);
  }

  @Test
  void tokenNamingNoValidUserIsUnauthorized() {
    String token = Tokens.sign(Tokens.claims("not a user!", Tokens.LOCAL_ISSUER), serverKey());

    assertRefusedEverywhere(token);
  }

  @Test
  void tokenWithAlteredClaimsIsUnauthorized() {
    String token = api.token(Api.uniqueUser("alice"));
    String[] parts = token.split("\\.");
    String forged =
        Json.createObjectBuilder()
            .add("iss", Tokens.LOCAL_ISSUER)
            .add("sub", Api.uniqueUser("admin"))
            .add("groups", Json.createArrayBuilder(List.of("user", "admin")))
            .add("exp", Instant.now().getEpochSecond() + 3600)
            .build()
            .toString();

    assertRefusedEverywhere(parts[0] + "." + encode(forged) + "." + parts[2]);
  }

  @Test
  void unsignedTokenIsUnauthorized() {
    String header = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String claims =
        encode(
            Json.createObjectBuilder()
                .add("iss", Tokens.LOCAL_ISSUER)
                .add("sub", Api.uniqueUser("alice"))
                .add("exp", Instant.now().getEpochSecond() + 3600)
                .build()
                .toString());

    assertRefusedEverywhere(header + "." + claims + ".");
  }

  @Test
  void hs256TokenWithTheServersPublicKeyAsSecretIsUnauthorized() {
    Map<String, Object> claims = Tokens.claims(Api.uniqueUser("alice"), Tokens.LOCAL_ISSUER);

    assertRefusedEverywhere(Tokens.hmacWithPublicKey(claims, Tokens.itServerPublicKey()));
  }

  @Test
  void tokenNamingAnotherKidThanTheServersKeyIsUnauthorized() {
    // The local key is published under the kid feedline-local: a token signed by it but naming
    // another kid finds no key.
    Map<String, Object> claims = Tokens.claims(Api.uniqueUser("alice"), Tokens.LOCAL_ISSUER);

    assertRefusedEverywhere(Tokens.sign(claims, serverKey(), "another-key"));
  }

  @Test
  void tokenNamingTheServersKidIsAccepted() {
    String alice = Api.uniqueUser("alice");
    String token =
        Tokens.sign(Tokens.claims(alice, Tokens.LOCAL_ISSUER), serverKey(), "feedline-local");

    Api.Reply reply = api.postJson("api/v1/posts", token, Api.postBody("by kid"));

    assertEquals(alice, assertJson(reply, 201).getString("author"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage", "a.b.c", "...", "eyJ.eyJ.sig", "Zm9v"})
  void garbageTokenIsUnauthorized(String token) {
    assertRefusedEverywhere(token);
  }

  @Test
  void basicAuthorizationIsUnauthorized() {
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("alice:secret".getBytes(StandardCharsets.US_ASCII));
    assertRefusedWithHeader(basic);
  }

  @Test
  void bearerSchemeWithoutATokenIsUnauthorized() {
    assertRefusedWithHeader("Bearer");
  }

  @Test
  void bearerSchemeIsCaseInsensitive() {
    String alice = Api.uniqueUser("alice");
    Map<String, String> headers =
        Map.of("Authorization", "bearer " + api.token(alice), "Content-Type", "application/json");
    Api.Reply reply = api.send("POST", "api/v1/posts", headers, Api.postBody("lower-case scheme"));
    assertEquals(alice, assertJson(reply, 201).getString("author"));
  }

  @Test
  void userIdComesFromUpnWhenTheTokenHasNoSubject() {
    String alice = Api.uniqueUser("alice");
    Map<String, Object> claims = Tokens.claims(alice, Tokens.LOCAL_ISSUER);
    claims.remove("sub");

    Api.Reply reply =
        api.postJson("api/v1/posts", Tokens.sign(claims, serverKey()), Api.postBody("upn only"));

    assertEquals(alice, assertJson(reply, 201).getString("author"));
  }

  @Test
  void restDoesNotTakeTheTokenFromTheQuery() {
    // Only the streams accept access_token, for browsers; REST URLs must not carry tokens.
    String token = api.token(Api.uniqueUser("alice"));
    assertError(api.get("api/v1/feeds/home?access_token=" + token, null), 401, "unauthorized");
    assertError(api.get("api/v1/following?access_token=" + token, null), 401, "unauthorized");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"user\": \"\"}",
        "{\"user\": \"two words\"}",
        "{\"user\": \"semi;colon\"}",
        "{\"user\": \"caf\u00e9\"}",
        "{\"user\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
        "{\"groups\": [\"user\"]}",
        "{\"user\": null}"
      })
  void devTokenForAnInvalidUserNameIsBadRequest(String body) {
    assertError(api.postJson("api/v1/dev/tokens", null, body), 400, "bad_request");
  }

  @Test
  void devTokenWithInvalidGroupsIsBadRequest() {
    String body = "{\"user\": \"" + Api.uniqueUser("alice") + "\", \"groups\": [\"no spaces\"]}";
    assertError(api.postJson("api/v1/dev/tokens", null, body), 400, "bad_request");
  }

  @Test
  void devTokenRequestThatIsNotJsonIsRefused() {
    assertError(api.postJson("api/v1/dev/tokens", null, "{\"user\":"), 400, "bad_request");
    assertError(
        api.send("POST", "api/v1/dev/tokens", null, "text/plain", "{\"user\": \"alice\"}"),
        415,
        "unsupported_media_type");
  }

  @Test
  void devTokenRequestWithTrailingGarbageAfterTheJsonIsBadRequest() {
    String body = "{\"user\": \"" + Api.uniqueUser("alice") + "\"} trailing";
    assertError(api.postJson("api/v1/dev/tokens", null, body), 400, "bad_request");
  }

  @Test
  void devTokenOfTheLongestUserNameWorks() {
    String user = (Api.uniqueUser("u") + "-".repeat(64)).substring(0, 64);
    Api.Reply reply =
        api.postJson("api/v1/posts", api.token(user), Api.postBody("longest name there is"));
    assertEquals(user, assertJson(reply, 201).getString("author"));
  }

  /** Every request carrying {@code token} is 401 with the JSON body, public reads included. */
  private void assertRefusedEverywhere(String token) {
    assertRefusedWithHeader("Bearer " + token);
  }

  private void assertRefusedWithHeader(String authorization) {
    Map<String, String> auth = Map.of("Authorization", authorization);
    Map<String, String> authJson =
        Map.of("Authorization", authorization, "Content-Type", "application/json");
    assertError(
        api.send("POST", "api/v1/posts", authJson, Api.postBody("refused")), 401, "unauthorized");
    assertError(api.send("GET", "api/v1/following", auth, null), 401, "unauthorized");
    assertError(api.send("GET", "api/v1/feeds/home", auth, null), 401, "unauthorized");
    assertError(api.send("GET", "api/v1/feeds/public", auth, null), 401, "unauthorized");
    assertError(
        api.send("PUT", "api/v1/following/" + Api.uniqueUser("bob"), auth, null),
        401,
        "unauthorized");
  }

  private static PrivateKey serverKey() {
    return Tokens.itServerKey();
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
