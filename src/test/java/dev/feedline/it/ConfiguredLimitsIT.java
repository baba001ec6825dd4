package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The limits and public-read are configuration, set from the environment as Kubernetes would set
 * them, and the node enforces the configured values rather than the defaults. Runs its own server.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ConfiguredLimitsIT {
  private static final String SECRET = "hunter2-" + java.util.UUID.randomUUID();
  private static LibertyNode node;
  private static Api api;

  @BeforeAll
  static void startANodeWithSmallLimits() {
    node = LibertyNode.create();
    node.start(
        Map.ofEntries(
            Map.entry("FEEDLINE_PUBLIC_READ", "false"),
            Map.entry("FEEDLINE_POSTS_MAX_TEXT_LENGTH", "10"),
            Map.entry("FEEDLINE_POSTS_MAX_TAGS", "2"),
            Map.entry("FEEDLINE_FEEDS_DEFAULT_PAGE_SIZE", "2"),
            Map.entry("FEEDLINE_FEEDS_MAX_PAGE_SIZE", "3"),
            Map.entry("FEEDLINE_HTTP_MAX_BODY_BYTES", "300"),
            Map.entry("FEEDLINE_LIMITS_POSTS_PER_MINUTE", "3"),
            Map.entry("FEEDLINE_LIMITS_STREAM_CONNECTS_PER_MINUTE_PER_ADDRESS", "5"),
            Map.entry("FEEDLINE_STORE_PASSWORD", SECRET),
            Map.entry("FEEDLINE_STREAM_MAX_CONNECTIONS_PER_USER", "2"),
            Map.entry("FEEDLINE_STREAM_MAX_SUBSCRIPTIONS", "2")));
    api = node.api();
  }

  @AfterAll
  static void removeTheNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void withoutPublicReadEveryFeedAndPostNeedsAToken() {
    String alice = Api.uniqueUser("alice");
    String token = api.token(alice);
    String id = api.createPost(token, "private", "club").getString("id");

    for (String path :
        new String[] {
          "api/v1/feeds/public",
          "api/v1/feeds/user:" + alice,
          "api/v1/feeds/tag:club",
          "api/v1/posts/" + id
        }) {
      assertError(api.get(path, null), 401, "unauthorized");
      assertEquals(200, api.get(path, token).status(), path);
    }
  }

  @Test
  void configuredTextLengthIsEnforced() {
    String token = api.token(Api.uniqueUser("alice"));
    assertEquals(201, api.postJson("api/v1/posts", token, Api.postBody("0123456789")).status());
    assertError(api.postJson("api/v1/posts", token, Api.postBody("0123456789A")), 413, "too_large");
  }

  @Test
  void configuredTagCountIsEnforced() {
    String token = api.token(Api.uniqueUser("alice"));
    assertEquals(201, api.postJson("api/v1/posts", token, Api.postBody("two", "a", "b")).status());
    assertError(
        api.postJson("api/v1/posts", token, Api.postBody("three", "a", "b", "c")),
        400,
        "bad_request");
  }

  @Test
  void configuredPageSizesAreEnforced() {
    String alice = Api.uniqueUser("alice");
    String token = api.token(alice);
    for (int i = 0; i < 3; i++) {
      api.createPost(token, "post " + i);
    }

    JsonObject byDefault = api.feed("user:" + alice, "", token);
    assertEquals(2, byDefault.getJsonArray("posts").size());
    assertEquals(3, api.feed("user:" + alice, "?limit=3", token).getJsonArray("posts").size());
    assertError(api.get("api/v1/feeds/user:" + alice + "?limit=4", token), 400, "bad_request");
  }

  @Test
  void configuredBodyLimitIsEnforced() {
    String token = api.token(Api.uniqueUser("alice"));
    String body = "{\"text\": \"hi\", \"pad\": \"" + "p".repeat(300) + "\"}";
    assertError(api.postJson("api/v1/posts", token, body), 413, "too_large");
    assertJson(api.postJson("api/v1/posts", token, Api.postBody("fits")), 201);
  }

  @Test
  void postingFasterThanTheLimitAnswers429WithRetryAfter() {
    String token = api.token(Api.uniqueUser("eager"));
    for (int i = 0; i < 3; i++) {
      assertEquals(201, api.postJson("api/v1/posts", token, "{\"text\":\"n" + i + "\"}").status());
    }
    Api.Reply refused = api.postJson("api/v1/posts", token, "{\"text\":\"one more\"}");
    assertError(refused, 429, "rate_limited");
    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    org.junit.jupiter.api.Assertions.assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After");
    // Another user is not held back by the first one's limit.
    assertEquals(
        201,
        api.postJson("api/v1/posts", api.token(Api.uniqueUser("calm")), "{\"text\":\"hi\"}")
            .status());
  }

  // Last: it uses up this address's connects for the minute, which the stream tests above need.
  // Each attempt names another client in X-Forwarded-For: with no trusted proxy configured (the
  // default) that changes nothing, not even from 127.0.0.1, which Liberty's own default would
  // trust.
  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void reconnectingFasterThanTheLimitFromOneAddressAnswers429() {
    HandshakeProbe probe = HandshakeProbe.from("127.0.0.1", api);
    int refused = 0;
    for (int i = 0; i < 8; i++) {
      if (probe.sse(java.util.Map.of("X-Forwarded-For", "203.0.113." + (i + 1))) == 429) {
        refused++;
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(refused >= 3, "refused " + refused + " of 8");
    try (SseClient sse =
        SseClient.open(api, "feed=public", api.token(Api.uniqueUser("storm")), null)) {
      assertEquals(429, sse.status());
      assertEquals("rate_limited", sse.errorBody().getString("error"));
    }
  }

  @Test
  void configViewShowsEnvironmentSettingsWithTheirSourceAndMasksSecrets() {
    Api.Reply reply =
        api.get("api/v1/admin/config", api.token(Api.uniqueUser("op"), "user", "admin"));
    assertEquals(200, reply.status(), reply.body());
    org.junit.jupiter.api.Assertions.assertFalse(
        reply.body().contains(SECRET), "the secret leaked");
    jakarta.json.JsonObject password = null;
    jakarta.json.JsonObject maxTags = null;
    for (jakarta.json.JsonValue value : reply.json().getJsonArray("settings")) {
      jakarta.json.JsonObject setting = value.asJsonObject();
      if (setting.getString("key").equals("feedline.store.password")) {
        password = setting;
      }
      if (setting.getString("key").equals("feedline.posts.max-tags")) {
        maxTags = setting;
      }
    }
    org.junit.jupiter.api.Assertions.assertNotNull(password, reply.body());
    assertEquals("***", password.getString("value"));
    org.junit.jupiter.api.Assertions.assertNotNull(maxTags, reply.body());
    assertEquals("2", maxTags.getString("value"));
    assertEquals("environment", maxTags.getString("source"));
  }

  @Test
  void aThirdConnectionOfOneUserClosesWith4029() {
    String token = api.token(Api.uniqueUser("busy"));
    // One after the other: a completed handshake does not mean the server has admitted the
    // connection yet, so "the third" is only the third once the first two answered a frame.
    try (StreamClient first = StreamClient.connect(api, token)) {
      first.subscribeAndWait("home", null);
      try (StreamClient second = StreamClient.connect(api, token)) {
        second.subscribeAndWait("home", null);
        try (StreamClient third = StreamClient.connect(api, token)) {
          assertEquals(4029, third.closeCode(java.time.Duration.ofSeconds(30)));
        }
      }
    }
  }

  @Test
  void aThirdSubscriptionOnOneConnectionClosesWith4029() {
    String token = api.token(Api.uniqueUser("greedy"));
    try (StreamClient client = StreamClient.connect(api, token)) {
      client.subscribeAndWait("home", null);
      client.subscribeAndWait("tag:one", null);
      client.subscribe("tag:two");
      assertEquals(4029, client.closeCode(java.time.Duration.ofSeconds(30)));
    }
  }
}
