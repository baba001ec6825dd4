package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.opentest4j.TestAbortedException;

/**
 * The production profile as the container image runs it: it refuses to start without its settings,
 * and with them it stores in PostgreSQL, verifies the operator's key and mints nothing. Runs its
 * own Liberty servers, not the shared one.
 */
@ResourceLock(RedisServer.SHARED_LOCK)
@Order(1)
class ProductionProfileIT {
  private static final String ISSUER = "https://issuer.feedline.test";

  @Test
  void productionWithoutSettingsDoesNotServeAndNamesEveryMissingSetting() {
    try (LibertyNode node = LibertyNode.create()) {
      node.launch(Map.of("FEEDLINE_PROFILE", "production"));

      node.awaitLog(
          LibertyNode.START_BOUND,
          "mp.jwt.verify.publickey",
          "mp.jwt.verify.issuer",
          "feedline.store.url",
          "feedline.bus.redis-url");
      Poll.until(
          LibertyNode.START_BOUND,
          "Liberty to report the application as not started",
          node::appRefusedToStart,
          () -> node.tail(30));

      Api api = node.api();
      assertNotEquals(200, api.get("api/v1/feeds/public", null).status(), node.tail(30));
      Api.Reply mint = api.postJson("api/v1/dev/tokens", null, "{\"user\": \"alice\"}");
      assertNotEquals(200, mint.status(), "a refused node must not mint tokens: " + mint.body());
      assertNotEquals(200, api.get("health/ready", null).status(), "a refused node is not ready");
    }
  }

  @Test
  void productionWithAKeyThatCannotBeUsedDoesNotServeAndSaysWhatIsWrongWithIt() {
    try (LibertyNode node = LibertyNode.create()) {
      // Everything else is set (to places never reached): the key is checked before them.
      node.launch(
          Map.of(
              "FEEDLINE_PROFILE", "production",
              "FEEDLINE_STORE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere",
              "FEEDLINE_BUS_REDIS_URL", "redis://127.0.0.1:1",
              "MP_JWT_VERIFY_ISSUER", ISSUER,
              "MP_JWT_VERIFY_PUBLICKEY",
                  "-----BEGIN PUBLIC KEY-----\nnot a key!\n-----END PUBLIC KEY-----\n"));

      node.awaitLog(
          LibertyNode.START_BOUND,
          "mp.jwt.verify.publickey (MP_JWT_VERIFY_PUBLICKEY) cannot be used: it is not base64");
      Poll.until(
          LibertyNode.START_BOUND,
          "Liberty to report the application as not started",
          node::appRefusedToStart,
          () -> node.tail(30));
      String log = node.messagesLog();
      assertTrue(!log.contains("feedline.store.url ("), "only the key is wrong: " + node.tail(30));
      assertNotEquals(200, node.api().get("api/v1/feeds/public", null).status(), node.tail(30));
    }
  }

  /**
   * A production node on a fresh PostgreSQL schema and the machine's Redis, verifying tokens with a
   * key of the test's.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithPostgres {
    private final KeyPair operatorKey = Tokens.newRsaKeyPair();
    private PostgresSchema schema;
    private LibertyNode node;
    private Api api;
    private String skipReason;

    @BeforeAll
    void startAProductionNode() {
      String redis;
      try {
        redis = RedisServer.sharedUrlOrSkip();
        schema = PostgresSchema.createOrSkip();
      } catch (TestAbortedException e) {
        // Skipped per test below, so each report shows the skip and its reason.
        skipReason = e.getMessage();
        return;
      }
      node = LibertyNode.create();
      node.start(
          Map.of(
              "FEEDLINE_PROFILE",
              "production",
              "FEEDLINE_STORE_URL",
              schema.nodeUrl(),
              "FEEDLINE_STORE_USER",
              schema.user(),
              "MP_JWT_VERIFY_PUBLICKEY",
              Tokens.pem(operatorKey.getPublic()),
              "MP_JWT_VERIFY_ISSUER",
              ISSUER,
              // Only used (published to, subscribed on), never stopped: the shared instance.
              "FEEDLINE_BUS_REDIS_URL",
              redis));
      api = node.api();
    }

    @BeforeEach
    void skipWithoutPostgres() {
      Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    void removeNodeAndSchema() {
      try {
        if (node != null) {
          node.close();
        }
      } finally {
        if (schema != null) {
          schema.close();
        }
      }
    }

    /** Without a VAPID key pair and contact configured, production offers no push: 503. */
    @Test
    void pushIsUnavailableWithoutVapidSettings() {
      assertError(api.get("api/v1/push/key", null), 503, "unavailable");
      String token =
          Tokens.sign(Tokens.claims("pushless", ISSUER, "user"), operatorKey.getPrivate());
      assertError(api.get("api/v1/push/subscriptions", token), 503, "unavailable");
    }

    @Test
    void devTokenPathDoesNotExist() {
      assertError(
          api.postJson("api/v1/dev/tokens", null, "{\"user\": \"alice\"}"), 404, "not_found");
    }

    @Test
    void tokenSignedWithTheConfiguredKeyPostsIntoPostgres() throws Exception {
      String alice = Api.uniqueUser("alice");
      String token = Tokens.sign(Tokens.claims(alice, ISSUER), operatorKey.getPrivate());

      Api.Reply created =
          api.postJson("api/v1/posts", token, Api.postBody("Stored in #PostgreSQL"));

      JsonObject post = assertJson(created, 201);
      assertEquals(alice, post.getString("author"));
      assertEquals(Api.withoutLiked(post), api.readPost(post.getString("id")));
      try (Connection connection = schema.connect();
          PreparedStatement select =
              connection.prepareStatement("select author, text from posts where id = ?")) {
        select.setLong(1, Long.parseLong(post.getString("id")));
        try (ResultSet row = select.executeQuery()) {
          assertTrue(row.next(), "the post is in the node's own PostgreSQL schema");
          assertEquals(alice, row.getString("author"));
          assertEquals("Stored in #PostgreSQL", row.getString("text"));
        }
      }
    }

    @Test
    void tokenOfTheLocalIssuerIsUnauthorized() {
      String token =
          Tokens.sign(
              Tokens.claims(Api.uniqueUser("alice"), Tokens.LOCAL_ISSUER),
              operatorKey.getPrivate());
      assertError(
          api.postJson("api/v1/posts", token, Api.postBody("refused")), 401, "unauthorized");
    }

    @Test
    void tokenSignedWithAnotherKeyIsUnauthorized() {
      String token =
          Tokens.sign(
              Tokens.claims(Api.uniqueUser("alice"), ISSUER), Tokens.newRsaKeyPair().getPrivate());
      assertError(
          api.postJson("api/v1/posts", token, Api.postBody("refused")), 401, "unauthorized");
    }
  }
}
