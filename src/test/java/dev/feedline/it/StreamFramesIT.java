package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Follow changes on a live home, control frames, and each kind of bad frame or token. */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class StreamFramesIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final Api api = Api.itServer();

  @Test
  void followAndUnfollowChangeALiveHomeWithoutReconnecting() {
    String alice = Api.uniqueUser("alice");
    String bob = Api.uniqueUser("bob");
    String aliceToken = api.token(alice);
    String bobToken = api.token(bob);
    try (StreamClient home = StreamClient.connect(api, aliceToken)) {
      home.subscribeAndWait("home", null);
      api.createPost(bobToken, "before the follow");
      assertEquals(204, api.put("api/v1/following/" + bob, aliceToken).status());
      JsonObject followed = api.createPost(bobToken, "after the follow");
      JsonObject first = home.events(1, WAIT).get(0);
      assertEquals(followed, first.getJsonObject("data"), "only posts after the follow arrive");
      assertEquals("[\"home\"]", first.getJsonArray("feeds").toString());
      assertEquals(204, api.delete("api/v1/following/" + bob, aliceToken).status());
      api.createPost(bobToken, "after the unfollow");
      JsonObject own = api.createPost(aliceToken, "alice's own");
      assertEquals(own, home.events(1, WAIT).get(0).getJsonObject("data"));
    }
  }

  @Test
  void editsDeletionsAndLikesArriveAsTheirEventTypes() {
    String author = Api.uniqueUser("writer");
    String token = api.token(author);
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.subscribeAndWait("user:" + author, null);
      String id = api.createPost(token, "draft").getString("id");
      api.send("PATCH", "api/v1/posts/" + id, token, "application/json", "{\"text\":\"final\"}");
      api.put("api/v1/posts/" + id + "/like", api.token(Api.uniqueUser("fan")));
      api.delete("api/v1/posts/" + id, token);
      var events = client.events(4, WAIT);
      assertEquals("post.created", events.get(0).getString("type"));
      assertEquals("post.updated", events.get(1).getString("type"));
      assertEquals("final", events.get(1).getJsonObject("data").getString("text"));
      assertEquals("post.stats", events.get(2).getString("type"));
      assertEquals(1, events.get(2).getJsonObject("data").getInt("likes"));
      assertEquals("post.deleted", events.get(3).getString("type"));
      assertEquals(id, events.get(3).getJsonObject("data").getString("id"));
    }
  }

  @Test
  void pingUnsubscribeAndTheQueryToken() {
    String user = Api.uniqueUser("browser");
    try (StreamClient client = StreamClient.connectWithQueryToken(api, api.token(user))) {
      client.send("{\"type\":\"ping\",\"ref\":\"r1\"}");
      JsonObject pong = client.next(WAIT);
      assertEquals("pong", pong.getString("type"));
      assertEquals("r1", pong.getString("ref"));
      client.subscribeAndWait("home", null);
      String sentinel = "s" + Api.uniqueUser("t").toLowerCase().replace("-", "_");
      client.subscribeAndWait("tag:" + sentinel, null);
      client.send("{\"type\":\"unsubscribe\",\"feed\":\"home\"}");
      assertEquals("unsubscribed", client.next(WAIT).getString("type"));
      String token = api.token(user);
      api.createPost(token, "not delivered any more");
      // A later post on the feed still subscribed must be the next event, and not for home.
      JsonObject later = api.createPost(token, "still delivered", sentinel);
      JsonObject next = client.events(1, WAIT).get(0);
      assertEquals(later, next.getJsonObject("data"), "the post on home only arrived");
      assertEquals("[\"tag:" + sentinel + "\"]", next.getJsonArray("feeds").toString());
    }
  }

  @Test
  void eachBadFrameGetsItsErrorAndTheConnectionStaysOpen() {
    try (StreamClient client = StreamClient.connect(api, null)) {
      assertError(client, "not json", "bad_request");
      assertError(client, "[1,2]", "bad_request");
      assertError(client, "{\"type\":\"dance\"}", "bad_request");
      assertError(client, "{\"type\":\"subscribe\"}", "bad_request");
      assertError(client, "{\"type\":\"subscribe\",\"feed\":\"nope\",\"ref\":7}", "bad_feed");
      assertError(client, "{\"type\":\"subscribe\",\"feed\":\"tag:Java\"}", "bad_feed");
      assertError(
          client, "{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":\"x\"}", "bad_request");
      assertError(client, "{\"type\":\"subscribe\",\"feed\":\"home\"}", "unauthorized");
      client.send("{\"type\":\"ping\",\"ref\":\"still-open\"}");
      assertEquals("still-open", client.next(WAIT).getString("ref"));
    }
  }

  @Test
  void tooManyBadFramesCloseWithPolicyViolation() {
    try (StreamClient client = StreamClient.connect(api, null)) {
      for (int i = 0; i < 10; i++) {
        client.send("garbage");
      }
      assertEquals(1008, client.closeCode(WAIT));
    }
  }

  @Test
  void oversizedFrameClosesWith1009() {
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.send("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(5000) + "\"}");
      assertEquals(1009, client.closeCode(WAIT));
    }
  }

  @Test
  void aMessageInFragmentsWithinTheLimitIsOneFrame() {
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.sendFragment("{\"type\":\"pi", false);
      client.sendFragment("ng\",\"ref\":\"" + "x".repeat(2000), false);
      client.sendFragment("\"}", true);
      JsonObject pong = client.next(WAIT);
      assertEquals("pong", pong.getString("type"));
      assertEquals(2000, pong.getString("ref").length());
    }
  }

  @Test
  void fragmentsAddingUpOverTheLimitCloseWith1009() {
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.sendFragment("{\"type\":\"ping\",\"ref\":\"", false);
      client.sendFragment("x".repeat(3000), false);
      client.sendFragment("x".repeat(3000), false);
      assertEquals(1009, client.closeCode(WAIT));
    }
  }

  @Test
  void aBinaryFrameIsABadFrameAndTheConnectionStaysOpen() {
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.sendBinary(new byte[] {'{', '}'}, true);
      JsonObject answer = client.next(WAIT);
      assertEquals("error", answer.getString("type"), answer.toString());
      assertEquals("bad_request", answer.getString("code"), answer.toString());
      client.send("{\"type\":\"ping\",\"ref\":\"still-open\"}");
      assertEquals("still-open", client.next(WAIT).getString("ref"));
    }
  }

  @Test
  void binaryFramesCountTowardTheBadFramePolicy() {
    try (StreamClient client = StreamClient.connect(api, null)) {
      for (int i = 0; i < 10; i++) {
        client.sendBinary(new byte[] {(byte) i}, true);
      }
      assertEquals(1008, client.closeCode(WAIT));
    }
  }

  @Test
  void anOversizedBinaryMessageClosesWith1009() {
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.sendBinary(new byte[3000], false);
      client.sendBinary(new byte[3000], true);
      assertEquals(1009, client.closeCode(WAIT));
    }
  }

  @Test
  void aFrameNestedTooDeepIsABadFrame() {
    try (StreamClient client = StreamClient.connect(api, null)) {
      assertError(
          client,
          "{\"type\":\"ping\",\"ref\":" + "[".repeat(1000) + "]".repeat(1000) + "}",
          "bad_request");
      client.send("{\"type\":\"ping\",\"ref\":\"still-open\"}");
      assertEquals("still-open", client.next(WAIT).getString("ref"));
    }
  }

  @Test
  void rejectedTokenClosesWith1008() {
    try (StreamClient client = StreamClient.connect(api, "not.a.token")) {
      assertEquals(1008, client.closeCode(WAIT));
    }
    try (StreamClient client = StreamClient.connectWithQueryToken(api, "garbage")) {
      assertEquals(1008, client.closeCode(WAIT));
    }
  }

  /**
   * After bad clients were closed, the stream still delivers: a new client receives a post made
   * after it subscribed (readiness alone would not show it: it does not look at delivery).
   */
  @Test
  void streamStillDeliversAfterBadClients() {
    tooManyBadFramesCloseWithPolicyViolation();
    oversizedFrameClosesWith1009();
    String author = Api.uniqueUser("after");
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.subscribeAndWait("user:" + author, null);
      String id = api.createPost(api.token(author), "still here").getString("id");
      JsonObject event = client.events(1, WAIT).get(0);
      assertEquals("post.created", event.getString("type"));
      assertEquals(id, event.getJsonObject("data").getString("id"));
    }
  }

  @Test
  void tokenExpiringMidConnectionClosesWith1008() {
    java.util.Map<String, Object> claims =
        new java.util.HashMap<>(
            Tokens.claims(Api.uniqueUser("brief"), Tokens.LOCAL_ISSUER, "user"));
    // Within the verifier's 30 s clock skew now, beyond it a few seconds after the connection
    // opens: the stream ends when the token would stop verifying.
    claims.put("exp", System.currentTimeMillis() / 1000 - 25);
    String token = Tokens.sign(claims, Tokens.itServerKey());
    try (StreamClient client = StreamClient.connect(api, token)) {
      client.subscribeAndWait("home", null);
      assertEquals(1008, client.closeCode(Duration.ofSeconds(60)));
    }
  }

  private static void assertError(StreamClient client, String frame, String code) {
    client.send(frame);
    JsonObject answer = client.next(WAIT);
    assertEquals("error", answer.getString("type"), answer.toString());
    assertEquals(code, answer.getString("code"), answer.toString());
  }
}
