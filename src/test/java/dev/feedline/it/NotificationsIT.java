package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static dev.feedline.it.ApiAssert.assertNoContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Replies, mentions and notifications over REST and the notifications feed, on one server. */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class NotificationsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<String> RESUMED =
      List.of(
          "post.stats",
          "notification.created",
          "post.created",
          "post.stats",
          "notification.deleted");

  private final Api api = Api.itServer();

  private JsonObject page(String query, String token) {
    return assertJson(api.get("api/v1/notifications" + query, token), 200);
  }

  private List<JsonObject> notifications(String token) {
    return page("", token).getJsonArray("notifications").getValuesAs(JsonObject.class);
  }

  private JsonObject reply(String token, String text, String parent) {
    String body = "{\"text\":\"" + text + "\",\"inReplyTo\":\"" + parent + "\"}";
    return assertJson(api.postJson("api/v1/posts", token, body), 201);
  }

  private String lastEventId() {
    return api.feed("public", "?limit=1", null).getString("position");
  }

  @Test
  void postsCarryTheirMentionsAndParentAndAReplyToAMissingPostIsNotFound() {
    String alice = api.token(Api.uniqueUser("alice"));
    JsonObject post = api.createPost(alice, "hi @bob_x and @carol.y, not me@example.com");
    assertEquals(
        List.of("bob_x", "carol.y"),
        post.getJsonArray("mentions").getValuesAs(JsonString::getString));
    assertTrue(post.isNull("inReplyTo"));

    JsonObject reply = reply(alice, "same thread", post.getString("id"));
    assertEquals(post.getString("id"), reply.getString("inReplyTo"));
    // Read without a token, a post does not say whether the reader likes it.
    assertEquals(
        Json.createObjectBuilder(reply).remove("liked").build(),
        api.readPost(reply.getString("id")));

    assertNoContent(api.delete("api/v1/posts/" + post.getString("id"), alice));
    String gone = "{\"text\":\"late\",\"inReplyTo\":\"" + post.getString("id") + "\"}";
    assertError(api.postJson("api/v1/posts", alice, gone), 404, "not_found");
    assertError(
        api.postJson("api/v1/posts", alice, "{\"text\":\"x\",\"inReplyTo\":\"abc\"}"),
        404,
        "not_found");
    assertError(
        api.postJson("api/v1/posts", alice, "{\"text\":\"x\",\"inReplyTo\":7}"),
        400,
        "bad_request");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 21; i++) {
      many.append("@u").append(i).append(' ');
    }
    assertError(
        api.postJson("api/v1/posts", alice, Api.postBody(many.toString())), 400, "bad_request");
  }

  @Test
  void everyCauseIsListedNewestFirstFilteredPagedAndReadOneByOne() {
    String aliceName = Api.uniqueUser("alice");
    String bobName = Api.uniqueUser("bob");
    String alice = api.token(aliceName);
    String bob = api.token(bobName);
    String postId = api.createPost(alice, "notice me").getString("id");

    assertNoContent(api.put("api/v1/posts/" + postId + "/like", bob));
    assertNoContent(api.put("api/v1/posts/" + postId + "/like", bob));
    assertNoContent(api.put("api/v1/following/" + aliceName, bob));
    String mention = api.createPost(bob, "hello @" + aliceName).getString("id");
    String replyId = reply(bob, "answer @" + aliceName, postId).getString("id");

    List<JsonObject> all = notifications(alice);
    assertEquals(
        List.of("reply", "mention", "follow", "like"),
        all.stream().map(n -> n.getString("type")).toList());
    assertTrue(all.stream().allMatch(n -> n.getString("actor").equals(bobName)));
    assertEquals(replyId, all.get(0).getJsonObject("post").getString("id"));
    assertEquals(mention, all.get(1).getJsonObject("post").getString("id"));
    assertTrue(all.get(2).isNull("post"));
    assertEquals(postId, all.get(3).getJsonObject("post").getString("id"));
    assertEquals(1, all.get(3).getJsonObject("post").getInt("likes"));

    JsonObject first = page("?limit=2", alice);
    assertEquals(all.get(1).getString("id"), first.getString("next"));
    JsonObject second = page("?limit=2&before=" + first.getString("next"), alice);
    assertEquals(all.subList(2, 4), second.getJsonArray("notifications"));
    assertTrue(second.isNull("next"));
    assertEquals(
        List.of("reply", "like"),
        page("?types=like,reply", alice).getJsonArray("notifications").stream()
            .map(n -> n.asJsonObject().getString("type"))
            .toList());

    String likeId = all.get(3).getString("id");
    assertEquals(all.get(3), assertJson(api.get("api/v1/notifications/" + likeId, alice), 200));
    assertError(api.get("api/v1/notifications/" + likeId, bob), 404, "not_found");
    assertError(api.get("api/v1/notifications/x1", alice), 404, "not_found");

    // Undoing each cause takes its notification back.
    assertNoContent(api.delete("api/v1/posts/" + postId + "/like", bob));
    assertNoContent(api.delete("api/v1/following/" + aliceName, bob));
    assertNoContent(api.delete("api/v1/posts/" + mention, bob));
    assertJson(api.patchJson("api/v1/posts/" + replyId, bob, Api.editBody("answer")), 200);
    assertEquals(
        List.of("reply"), notifications(alice).stream().map(n -> n.getString("type")).toList());
    assertError(api.get("api/v1/notifications/" + likeId, alice), 404, "not_found");
  }

  @Test
  void notificationsNeedATokenAndKnownTypes() {
    String alice = api.token(Api.uniqueUser("alice"));
    assertError(api.get("api/v1/notifications", null), 401, "unauthorized");
    assertError(api.get("api/v1/notifications/1", null), 401, "unauthorized");
    assertError(api.get("api/v1/notifications?types=like,boost", alice), 400, "bad_request");
    assertError(api.get("api/v1/notifications?limit=0", alice), 400, "bad_request");
    assertError(api.get("api/v1/notifications?before=-1", alice), 400, "bad_request");
    assertError(api.get("api/v1/feeds/notifications", alice), 400, "bad_feed");
  }

  @Test
  void aMarkerOnNotificationsCountsThoseAfterItThatStillExist() {
    String aliceName = Api.uniqueUser("alice");
    String alice = api.token(aliceName);
    String bob = api.token(Api.uniqueUser("bob"));
    String carol = api.token(Api.uniqueUser("carol"));
    String postId = api.createPost(alice, "count").getString("id");
    String body = "{\"position\":\"" + lastEventId() + "\"}";
    assertJson(
        api.send("PUT", "api/v1/markers/notifications", alice, "application/json", body), 200);

    assertNoContent(api.put("api/v1/posts/" + postId + "/like", bob));
    assertNoContent(api.put("api/v1/posts/" + postId + "/like", carol));
    assertNoContent(api.delete("api/v1/posts/" + postId + "/like", bob));

    JsonObject markers =
        assertJson(api.get("api/v1/markers?feed=notifications", alice), 200)
            .getJsonObject("markers");
    assertEquals(1, markers.getJsonObject("notifications").getInt("unread"));
  }

  @Test
  void aNotificationReachesTheRecipientOverWebSocketAndSseAndNobodyElse() {
    String aliceName = Api.uniqueUser("alice");
    String bobName = Api.uniqueUser("bob");
    String alice = api.token(aliceName);
    String bob = api.token(bobName);
    String postId = api.createPost(alice, "like it").getString("id");
    try (StreamClient aliceWs = StreamClient.connect(api, alice);
        StreamClient bobWs = StreamClient.connect(api, bob);
        SseClient aliceSse = SseClient.open(api, "feed=notifications", alice, null);
        SseClient bobSse = SseClient.open(api, "feed=notifications", bob, null)) {
      aliceWs.subscribeAndWait("notifications", null);
      bobWs.subscribeAndWait("notifications", null);
      assertEquals("subscribed", aliceSse.next(WAIT).name());
      assertEquals("subscribed", bobSse.next(WAIT).name());

      assertNoContent(api.put("api/v1/posts/" + postId + "/like", bob));
      // Alice follows bob after: his notification is the sentinel that must reach him first.
      assertNoContent(api.put("api/v1/following/" + bobName, alice));
      JsonObject like = notifications(alice).get(0);

      for (JsonObject event :
          List.of(
              aliceWs.await(NotificationsIT::isEvent, WAIT),
              aliceSse.feedEvents(1, WAIT).get(0).json())) {
        assertEquals("notification.created", event.getString("type"));
        assertEquals(List.of("notifications"), feeds(event));
        assertEquals(like.getString("id"), event.getJsonObject("data").getString("id"));
        assertEquals("like", event.getJsonObject("data").getString("type"));
        assertEquals(bobName, event.getJsonObject("data").getString("actor"));
      }
      for (JsonObject first :
          List.of(
              bobWs.await(NotificationsIT::isEvent, WAIT),
              bobSse.feedEvents(1, WAIT).get(0).json())) {
        JsonObject data = first.getJsonObject("data");
        assertEquals("follow", data.getString("type"), "bob's first is his own: " + first);
        assertEquals(aliceName, data.getString("actor"));
      }

      assertNoContent(api.delete("api/v1/posts/" + postId + "/like", bob));
      JsonObject deleted = aliceWs.await(NotificationsIT::isEvent, WAIT);
      assertEquals("notification.deleted", deleted.getString("type"));
      assertEquals(like.getString("id"), deleted.getJsonObject("data").getString("id"));
    }
  }

  @Test
  void resumeAcrossNotificationEventsDeliversEachOnceInOrder() {
    String aliceName = Api.uniqueUser("alice");
    String alice = api.token(aliceName);
    String bob = api.token(Api.uniqueUser("bob"));
    String postId = api.createPost(alice, "resume").getString("id");
    String since = page("", alice).getString("position");
    assertNoContent(api.put("api/v1/posts/" + postId + "/like", bob));
    String own = api.createPost(alice, "between").getString("id");
    assertNoContent(api.delete("api/v1/posts/" + postId + "/like", bob));

    try (StreamClient ws = StreamClient.connect(api, alice)) {
      ws.subscribe("notifications", since);
      ws.subscribe("home", since);
      // The like and unlike change alice's post on home too (post.stats).
      List<JsonObject> events = ws.events(5, WAIT);
      assertEquals(RESUMED, events.stream().map(e -> e.getString("type")).toList());
      assertEquals(own, events.get(2).getJsonObject("data").getString("id"));
      assertEquals(List.of("notifications"), feeds(events.get(1)));
      assertEquals(
          events.get(1).getJsonObject("data").getString("id"),
          events.get(4).getJsonObject("data").getString("id"));
      // The sentinel must be the very next event: nothing was repeated before it.
      String sentinel = api.createPost(alice, "sentinel").getString("id");
      assertEquals(
          sentinel, ws.await(NotificationsIT::isEvent, WAIT).getJsonObject("data").getString("id"));
    }
    try (SseClient sse = SseClient.open(api, "feed=notifications&feed=home", alice, since)) {
      assertEquals(RESUMED, sse.feedEvents(5, WAIT).stream().map(SseClient.Event::name).toList());
    }
  }

  @Test
  void metricsCountNotificationsMadeByType() {
    String aliceName = Api.uniqueUser("alice");
    String bob = api.token(Api.uniqueUser("bob"));
    long before = madeFollows();
    assertNoContent(api.put("api/v1/following/" + aliceName, bob));
    assertEquals(before + 1, madeFollows());
  }

  private long madeFollows() {
    Api.Reply metrics = api.get("metrics", null);
    for (String line : metrics.body().split("\n")) {
      if (line.startsWith("feedline_notifications_made_total{")
          && line.contains("type=\"follow\"")) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private static List<String> feeds(JsonObject event) {
    return event.getJsonArray("feeds").getValuesAs(JsonString::getString);
  }

  private static boolean isEvent(JsonObject frame) {
    return frame.getString("type", "").contains(".");
  }
}
