package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.it.push.PushReceiver;
import dev.feedline.it.push.PushReceiver.Answer;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Web Push through a running node (local profile: its own VAPID key pair, loopback endpoints
 * allowed) to push receivers on 127.0.0.1 that check each request's VAPID token and decrypt it with
 * the subscription's private key, as a browser's push service and the browser would.
 */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class PushIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SUBSCRIPTIONS = "api/v1/push/subscriptions";

  private final Api api = Api.itServer();

  private static String body(PushReceiver receiver, String types) {
    return "{\"endpoint\":\""
        + receiver.endpoint()
        + "\",\"keys\":{\"p256dh\":\""
        + receiver.p256dh()
        + "\",\"auth\":\""
        + receiver.auth()
        + "\"}"
        + (types == null ? "" : ",\"types\":" + types)
        + "}";
  }

  private JsonObject subscribe(String token, PushReceiver receiver, String types) {
    return assertJson(api.postJson(SUBSCRIPTIONS, token, body(receiver, types)), 201);
  }

  private static PushReceiver.Received next(PushReceiver receiver) throws InterruptedException {
    PushReceiver.Received push = receiver.next(WAIT);
    assertNull(push.problem(), "the receiver could not check or open the push");
    return push;
  }

  @Test
  void theKeyIsTheApplicationServerKeyAndNeedsNoToken() {
    JsonObject key = assertJson(api.get("api/v1/push/key", null), 200);
    byte[] point = Base64.getUrlDecoder().decode(key.getString("publicKey"));
    assertEquals(65, point.length);
    assertEquals(4, point[0], "an uncompressed point");
  }

  @Test
  void subscriptionsAreCheckedListedReplacedAndDeleted() throws Exception {
    String alice = api.token(Api.uniqueUser("alice"));
    try (PushReceiver receiver = PushReceiver.start()) {
      assertError(api.postJson(SUBSCRIPTIONS, null, body(receiver, null)), 401, "unauthorized");
      assertError(
          api.postJson(SUBSCRIPTIONS, alice, body(receiver, "[\"poke\"]")), 400, "bad_request");
      assertError(
          api.postJson(
              SUBSCRIPTIONS,
              alice,
              "{\"endpoint\":\"https://10.0.0.1/push\",\"keys\":{\"p256dh\":\""
                  + receiver.p256dh()
                  + "\",\"auth\":\""
                  + receiver.auth()
                  + "\"}}"),
          400,
          "bad_request");
      assertError(
          api.postJson(
              SUBSCRIPTIONS,
              alice,
              body(receiver, null).replace(receiver.p256dh(), "AAAA" + receiver.p256dh())),
          400,
          "bad_request");

      JsonObject made = subscribe(alice, receiver, null);
      assertEquals(List.of("mention", "reply", "follow", "like"), strings(made, "types"));
      assertFalse(made.containsKey("keys"), "keys are never shown");
      JsonObject again =
          assertJson(api.postJson(SUBSCRIPTIONS, alice, body(receiver, "[\"mention\"]")), 200);
      assertEquals(List.of("mention"), strings(again, "types"));

      JsonObject mine = assertJson(api.get(SUBSCRIPTIONS, alice), 200);
      assertEquals(1, mine.getJsonArray("subscriptions").size());
      assertEquals(again, mine.getJsonArray("subscriptions").getJsonObject(0));

      String bob = api.token(Api.uniqueUser("bob"));
      assertError(api.delete(SUBSCRIPTIONS + "/" + again.getString("id"), bob), 404, "not_found");
      assertEquals(204, api.delete(SUBSCRIPTIONS + "/" + again.getString("id"), alice).status());
      assertEquals(
          0, assertJson(api.get(SUBSCRIPTIONS, alice), 200).getJsonArray("subscriptions").size());
    }
  }

  @Test
  void aMentionReachesTheSubscribedDeviceOnceDecryptedToTheDocumentedMessage() throws Exception {
    String alice = Api.uniqueUser("alice");
    String bob = Api.uniqueUser("bob");
    try (PushReceiver phone = PushReceiver.start()) {
      subscribe(api.token(alice), phone, null);
      String post = api.createPost(api.token(bob), "hello @" + alice).getString("id");

      PushReceiver.Received push = next(phone);
      assertEquals("aes128gcm", push.header("Content-Encoding"));
      assertEquals("high", push.header("Urgency"));
      long ttl = Long.parseLong(push.header("TTL"));
      assertTrue(ttl > 47 * 3600 && ttl <= 48 * 3600, "TTL " + ttl);
      JsonObject message = push.json();
      assertEquals(bob + " mentioned you", message.getString("title"));
      assertEquals("hello @" + alice, message.getString("body"));
      JsonObject notification = message.getJsonObject("notification");
      assertEquals("mention", notification.getString("type"));
      assertEquals(bob, notification.getString("actor"));
      assertEquals(post, notification.getJsonObject("post").getString("id"));

      // A later notification arrives next: the mention was not sent twice.
      api.put("api/v1/following/" + alice, api.token(bob));
      PushReceiver.Received follow = next(phone);
      assertEquals("follow", follow.json().getJsonObject("notification").getString("type"));
      assertEquals("normal", follow.header("Urgency"));
      assertEquals(2, phone.received().size());
    }
  }

  @Test
  void onlyTheTypesASubscriptionAsksForArePushed() throws Exception {
    String alice = Api.uniqueUser("alice");
    String bob = Api.uniqueUser("bob");
    try (PushReceiver phone = PushReceiver.start()) {
      subscribe(api.token(alice), phone, "[\"follow\"]");
      api.createPost(api.token(bob), "not pushed @" + alice);
      api.put("api/v1/following/" + alice, api.token(bob));
      assertEquals("follow", next(phone).json().getJsonObject("notification").getString("type"));
      assertEquals(1, phone.received().size());
    }
  }

  @Test
  void unavailableThenRateLimitedThenCreatedIsRetriedToDelivery() throws Exception {
    String alice = Api.uniqueUser("alice");
    try (PushReceiver phone = PushReceiver.start()) {
      phone.answer(Answer.status(503), Answer.retryAfter(429, "1"));
      subscribe(api.token(alice), phone, null);
      api.put("api/v1/following/" + alice, api.token(Api.uniqueUser("bob")));
      List<Integer> answers =
          List.of(next(phone).answered(), next(phone).answered(), next(phone).answered());
      assertEquals(List.of(503, 429, 201), answers);
      List<String> ids =
          phone.received().stream()
              .map(r -> r.json().getJsonObject("notification").getString("id"))
              .distinct()
              .toList();
      assertEquals(1, ids.size(), "the same notification each time");
    }
  }

  @Test
  void goneDeletesTheSubscription() throws Exception {
    String alice = Api.uniqueUser("alice");
    String token = api.token(alice);
    try (PushReceiver phone = PushReceiver.start()) {
      phone.answer(Answer.status(410));
      subscribe(token, phone, null);
      api.put("api/v1/following/" + alice, api.token(Api.uniqueUser("bob")));
      assertEquals(410, next(phone).answered());
      Poll.until(
          WAIT,
          "the subscription deleted",
          () ->
              assertJson(api.get(SUBSCRIPTIONS, token), 200)
                  .getJsonArray("subscriptions")
                  .isEmpty(),
          () -> api.get(SUBSCRIPTIONS, token).body());
    }
  }

  /**
   * A like undone while its push waits for a retry is not sent again: the next push the device gets
   * is the later follow, and nothing else came.
   */
  @Test
  void anUnlikeBeforeTheSendMeansNoPush() throws Exception {
    String alice = Api.uniqueUser("alice");
    String bob = Api.uniqueUser("bob");
    String bobs = api.token(bob);
    try (PushReceiver phone = PushReceiver.start()) {
      phone.answer(Answer.retryAfter(503, "5"));
      subscribe(api.token(alice), phone, null);
      String post = api.createPost(api.token(alice), "like me").getString("id");
      api.put("api/v1/posts/" + post + "/like", bobs);
      assertEquals(503, next(phone).answered());
      api.delete("api/v1/posts/" + post + "/like", bobs);
      api.put("api/v1/following/" + alice, bobs);
      PushReceiver.Received then = next(phone);
      assertEquals("follow", then.json().getJsonObject("notification").getString("type"));
      assertEquals(2, phone.received().size());
    }
  }

  /** A push service that never answers holds one sender, not the pushes to other services. */
  @Test
  void anEndpointThatNeverAnswersDoesNotHoldUpOthers() throws Exception {
    String alice = Api.uniqueUser("alice");
    String token = api.token(alice);
    try (PushReceiver silent = PushReceiver.start();
        PushReceiver phone = PushReceiver.start()) {
      for (int i = 0; i < 20; i++) {
        silent.answer(Answer.never());
      }
      subscribe(token, silent, null);
      subscribe(token, phone, null);
      String bob = api.token(Api.uniqueUser("bob"));
      api.put("api/v1/following/" + alice, bob);
      next(silent);
      for (int i = 0; i < 3; i++) {
        api.createPost(bob, "ping " + i + " @" + alice);
      }
      for (int i = 0; i < 4; i++) {
        next(phone);
      }
      // Every push reached the phone while the silent service still held its first tries: none
      // of them has been tried again yet, which happens only once a try timed out.
      List<String> tried =
          silent.received().stream()
              .map(r -> r.json().getJsonObject("notification").getString("id"))
              .toList();
      assertEquals(tried.stream().distinct().toList(), tried, "no push tried twice yet");
    }
  }

  /**
   * The same kind of message opened by an implementation that shares nothing with this project:
   * Node's crypto for the device's keys and the npm package http_ece for the decryption
   * (src/test/js/push-ece.test.mjs).
   */
  @Test
  void anIndependentReceiverOpensTheMessage() throws Exception {
    assertTrue(NodeTests.installed("http_ece"), "npm ci in src/test/js did not run");
    assertNull(NodeTests.run("push", api, 120, "push-ece.test.mjs"));
  }

  private static List<String> strings(JsonObject object, String name) {
    return object.getJsonArray(name).getValuesAs(jakarta.json.JsonString::getString);
  }
}
