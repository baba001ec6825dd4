package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.opentest4j.TestAbortedException;

/**
 * A production node that verifies tokens against an identity provider's JWKS endpoint (a JDK HTTP
 * server of the test's, on 127.0.0.1), read again every second: keys chosen by kid, a rotated set
 * taken up without a restart, and every kind of bad token refused alike on REST (401), SSE (401)
 * and WebSocket (1008). Tokens are signed by smallrye-jwt-build and jose4j. Runs its own Liberty
 * server on a fresh PostgreSQL schema and the machine's Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ResourceLock(RedisServer.SHARED_LOCK)
class TokenKeysIT {
  private static final String ISSUER = "https://issuer.feedline.test";
  private static final String AUDIENCE = "feedline";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final KeyPair one = Tokens.newRsaKeyPair();
  private final KeyPair two = Tokens.newRsaKeyPair();
  private final KeyPair three = Tokens.newRsaKeyPair();
  private final AtomicReference<String> published = new AtomicReference<>();
  private HttpServer identityProvider;
  private PostgresSchema schema;
  private LibertyNode node;
  private Api api;
  private String skipReason;

  @BeforeAll
  void startANodeVerifyingAgainstAJwksEndpoint() {
    String redis;
    try {
      redis = RedisServer.sharedUrlOrSkip();
      schema = PostgresSchema.createOrSkip();
    } catch (TestAbortedException e) {
      skipReason = e.getMessage();
      return;
    }
    publish(Map.of("one", one.getPublic(), "two", two.getPublic()));
    String jwksUrl = serveJwks();
    node = LibertyNode.create();
    node.start(
        Map.of(
            "FEEDLINE_PROFILE",
            "production",
            "FEEDLINE_STORE_URL",
            schema.nodeUrl(),
            "FEEDLINE_STORE_USER",
            schema.user(),
            "FEEDLINE_BUS_REDIS_URL",
            redis,
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            jwksUrl,
            "MP_JWT_VERIFY_ISSUER",
            ISSUER,
            "MP_JWT_VERIFY_AUDIENCES",
            AUDIENCE,
            "FEEDLINE_AUTH_KEYS_REFRESH_SECONDS",
            "1"));
    api = node.api();
  }

  @BeforeEach
  void skipWithoutPostgresOrRedis() {
    Assumptions.assumeTrue(skipReason == null, skipReason);
  }

  @AfterAll
  void stopEverything() {
    try {
      if (node != null) {
        node.close();
      }
    } finally {
      if (schema != null) {
        schema.close();
      }
      if (identityProvider != null) {
        identityProvider.stop(0);
      }
    }
  }

  @Test
  void eachKeyOfTheSetVerifiesTheTokensThatNameItsKid() {
    assertAccepted(token(one.getPrivate(), "one"));
    assertAccepted(token(two.getPrivate(), "two"));
    assertRefusedEverywhere(token(two.getPrivate(), "one"));
  }

  @Test
  void rotatedKeySetIsTakenUpWithoutARestart() {
    String byOne = token(one.getPrivate(), "one");
    String byThree = token(three.getPrivate(), "three");
    assertAccepted(byOne);
    assertRefusedEverywhere(byThree);
    try {
      publish(Map.of("two", two.getPublic(), "three", three.getPublic()));

      Poll.until(
          WAIT,
          "the node to accept the new kid",
          () -> home(byThree).status() == 200,
          () -> home(byThree).body() + "\nlog:\n" + node.tail(20));
      assertRefusedEverywhere(byOne);
      assertAccepted(token(two.getPrivate(), "two"));
      node.awaitLog(WAIT, "Token verification keys changed at", "2 keys: ");
    } finally {
      publish(Map.of("one", one.getPublic(), "two", two.getPublic()));
      Poll.until(
          WAIT,
          "the node to take the first set back",
          () -> home(byOne).status() == 200,
          () -> home(byOne).body());
    }
  }

  @Test
  void tokenExpiredWithinTheClockSkewIsStillAccepted() {
    Map<String, Object> claims = claims();
    claims.put("exp", Instant.now().getEpochSecond() - 10);
    assertAccepted(Tokens.sign(claims, one.getPrivate(), "one"));
  }

  @Test
  void wrongIssuerOrAudienceIsRefusedEverywhere() {
    Map<String, Object> otherIssuer = claims();
    otherIssuer.put("iss", "https://someone-else.test");
    assertRefusedEverywhere(Tokens.sign(otherIssuer, one.getPrivate(), "one"));

    Map<String, Object> otherAudience = claims();
    otherAudience.put("aud", "another-service");
    assertRefusedEverywhere(Tokens.sign(otherAudience, one.getPrivate(), "one"));

    Map<String, Object> noAudience = claims();
    noAudience.remove("aud");
    assertRefusedEverywhere(Tokens.sign(noAudience, one.getPrivate(), "one"));
  }

  @Test
  void tokenExpiredBeyondTheClockSkewIsRefusedEverywhere() {
    Map<String, Object> claims = claims();
    claims.put("iat", Instant.now().getEpochSecond() - 3600);
    claims.put("exp", Instant.now().getEpochSecond() - 120);
    assertRefusedEverywhere(Tokens.sign(claims, one.getPrivate(), "one"));
  }

  @Test
  void unsignedAndAlgorithmConfusionTokensAreRefusedEverywhere() {
    assertRefusedEverywhere(Tokens.unsigned(claims()));
    assertRefusedEverywhere(Tokens.hmacWithPublicKey(claims(), one.getPublic()));
  }

  @Test
  void tokenOfAKeyOutsideTheSetIsRefusedEverywhere() {
    PrivateKey stranger = Tokens.newRsaKeyPair().getPrivate();
    assertRefusedEverywhere(Tokens.sign(claims(), stranger));
    assertRefusedEverywhere(Tokens.sign(claims(), stranger, "one"));
  }

  private Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>(Tokens.claims(Api.uniqueUser("kid"), ISSUER));
    claims.put("aud", List.of(AUDIENCE));
    return claims;
  }

  private String token(PrivateKey key, String kid) {
    return Tokens.sign(claims(), key, kid);
  }

  private Api.Reply home(String token) {
    return api.get("api/v1/feeds/home", token);
  }

  private void assertAccepted(String token) {
    Api.Reply reply = home(token);
    assertEquals(200, reply.status(), reply.body());
  }

  /** 401 on REST (even for a public read) and SSE, and the WebSocket closed with 1008. */
  private void assertRefusedEverywhere(String token) {
    assertError(home(token), 401, "unauthorized");
    assertError(api.get("api/v1/feeds/public", token), 401, "unauthorized");
    try (SseClient sse = SseClient.open(api, "feed=public", token, null)) {
      assertEquals(401, sse.status());
      assertEquals("unauthorized", sse.errorBody().getString("error"));
    }
    try (StreamClient socket = StreamClient.connect(api, token)) {
      assertEquals(1008, socket.closeCode(WAIT));
    }
    try (StreamClient socket = StreamClient.connectWithQueryToken(api, token)) {
      assertEquals(1008, socket.closeCode(WAIT));
    }
  }

  private void publish(Map<String, PublicKey> keys) {
    published.set(Tokens.jwks(keys));
  }

  private String serveJwks() {
    try {
      identityProvider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    identityProvider.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    identityProvider.start();
    return "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/.well-known/jwks.json";
  }
}
