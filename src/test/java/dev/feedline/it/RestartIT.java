package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertJson;
import static dev.feedline.it.ApiAssert.assertNoContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A node keeps what it stored across a restart: the local profile's H2 file and signing key live in
 * the server's data directory. Runs its own Liberty server, not the shared one.
 */
@Order(1)
class RestartIT {
  private static LibertyNode node;
  private static Api api;
  private static String alice;
  private static String bob;
  private static String aliceToken;
  private static String bobToken;
  private static JsonObject likedPost;
  private static String positionBeforeRestart;
  private static String positionAfterRestart;

  @BeforeAll
  static void storeThingsThenRestartTheNode() {
    node = LibertyNode.create();
    node.start(Map.of());
    api = node.api();

    alice = Api.uniqueUser("alice");
    bob = Api.uniqueUser("bob");
    aliceToken = api.token(alice);
    bobToken = api.token(bob);
    String id = api.createPost(aliceToken, "Survives a #Restart", "durable").getString("id");
    assertNoContent(api.put("api/v1/following/" + alice, bobToken));
    assertNoContent(api.put("api/v1/posts/" + id + "/like", bobToken));
    likedPost = api.readPost(id);
    assertEquals(1, likedPost.getInt("likes"));
    positionBeforeRestart = api.feed("public", "", null).getString("position");

    node.stop();
    node.start(Map.of());
    positionAfterRestart = api.feed("public", "", null).getString("position");
  }

  @AfterAll
  static void removeTheNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void postsSurviveARestart() {
    String id = likedPost.getString("id");
    JsonObject post = api.readPost(id);
    for (String field : List.of("id", "author", "text", "createdAt")) {
      assertEquals(likedPost.get(field), post.get(field), field);
    }
    assertEquals(likedPost.get("tags"), post.get("tags"));
    // Other tests here may add posts of their own, so these check presence, not equality.
    assertTrue(ids(api.feed("user:" + alice, "", null)).contains(id));
    assertTrue(ids(api.feed("tag:restart", "", null)).contains(id));
    assertTrue(ids(api.feed("tag:durable", "", null)).contains(id));
  }

  @Test
  void followsSurviveARestart() {
    assertEquals(List.of(alice), users(api.get("api/v1/following", bobToken)));
    assertEquals(List.of(bob), users(api.get("api/v1/followers", aliceToken)));
    assertTrue(ids(api.feed("home", "", bobToken)).contains(likedPost.getString("id")));
  }

  @Test
  void likesSurviveARestartAsLikesNotJustACount() {
    String id = likedPost.getString("id");
    String like = "api/v1/posts/" + id + "/like";
    assertEquals(1, api.readPost(id).getInt("likes"));

    // The like itself was kept: liking again changes nothing, unliking takes it back.
    assertNoContent(api.put(like, bobToken));
    assertEquals(1, api.readPost(id).getInt("likes"));
    assertNoContent(api.delete(like, bobToken));
    assertEquals(0, api.readPost(id).getInt("likes"));
    assertNoContent(api.put(like, bobToken));
    assertEquals(1, api.readPost(id).getInt("likes"));
  }

  @Test
  void tokenMintedBeforeTheRestartStillVerifies() {
    Api.Reply posted = api.postJson("api/v1/posts", aliceToken, Api.postBody("after the restart"));
    assertEquals(alice, assertJson(posted, 201).getString("author"));
    assertEquals(200, api.get("api/v1/feeds/home", bobToken).status());
  }

  @Test
  void eventPositionSurvivesARestart() {
    assertEquals(positionBeforeRestart, positionAfterRestart);
    api.createPost(aliceToken, "moves on from the kept position");
    long now = Long.parseLong(api.feed("public", "", null).getString("position"));
    assertTrue(now > Long.parseLong(positionBeforeRestart));
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("posts").getValuesAs(JsonObject.class).stream()
        .map(post -> post.getString("id"))
        .toList();
  }

  private static List<String> users(Api.Reply reply) {
    return assertJson(reply, 200).getJsonArray("users").getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .toList();
  }
}
