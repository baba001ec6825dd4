package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static dev.feedline.it.ApiAssert.assertNoContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class FeedsIT {
  private final Api api = Api.itServer();

  @Test
  void publicFeedShowsEveryNewPostNewestFirst() {
    String alice = api.token(Api.uniqueUser("alice"));
    String bob = api.token(Api.uniqueUser("bob"));
    String first = api.createPost(alice, "one").getString("id");
    String second = api.createPost(bob, "two").getString("id");
    String third = api.createPost(alice, "three").getString("id");

    JsonObject page = api.feed("public", "?limit=3", null);

    assertEquals(List.of(third, second, first), ids(page));
  }

  @Test
  void userFeedHoldsOnlyThatUsersPostsAsTheyAre() {
    String alice = Api.uniqueUser("alice");
    String aliceToken = api.token(alice);
    String older = api.createPost(aliceToken, "older").getString("id");
    api.createPost(api.token(Api.uniqueUser("bob")), "not alice's");
    String newer = api.createPost(aliceToken, "newer #Mine").getString("id");

    JsonObject page = api.feed("user:" + alice, "", null);

    assertEquals(List.of(newer, older), ids(page));
    assertEquals(api.readPost(newer), page.getJsonArray("posts").getJsonObject(0));
    assertTrue(page.isNull("next"), "one page holds all: " + page);
  }

  @Test
  void tagFeedHoldsPostsCarryingTheTagFromTagsOrText() {
    String tag = uniqueTag();
    String token = api.token(Api.uniqueUser("alice"));
    String explicit = api.createPost(token, "tagged explicitly", tag).getString("id");
    api.createPost(token, "untagged");
    String hashed =
        api.createPost(token, "tagged by #" + tag.toUpperCase(Locale.ROOT)).getString("id");

    assertEquals(List.of(hashed, explicit), ids(api.feed("tag:" + tag, "", null)));
  }

  @Test
  void editThatDropsAHashWordTakesThePostOutOfThatTagFeed() {
    String tag = uniqueTag();
    String token = api.token(Api.uniqueUser("alice"));
    String id = api.createPost(token, "about #" + tag).getString("id");
    assertEquals(List.of(id), ids(api.feed("tag:" + tag, "", null)));

    assertEquals(200, api.patchJson("api/v1/posts/" + id, token, Api.editBody("about")).status());

    assertEquals(List.of(), ids(api.feed("tag:" + tag, "", null)));
  }

  @Test
  void deletedPostLeavesEveryFeed() {
    String tag = uniqueTag();
    String alice = Api.uniqueUser("alice");
    String token = api.token(alice);
    String kept = api.createPost(token, "kept", tag).getString("id");
    String gone = api.createPost(token, "gone", tag).getString("id");

    assertNoContent(api.delete("api/v1/posts/" + gone, token));

    assertEquals(List.of(kept), ids(api.feed("user:" + alice, "", null)));
    assertEquals(List.of(kept), ids(api.feed("tag:" + tag, "", null)));
    assertEquals(List.of(kept), ids(api.feed("home", "", token)));
  }

  @Test
  void homeHoldsOwnAndFollowedUsersPostsButNotOthers() {
    String alice = Api.uniqueUser("alice");
    String bob = Api.uniqueUser("bob");
    String aliceToken = api.token(alice);
    String bobToken = api.token(bob);
    String carolToken = api.token(Api.uniqueUser("carol"));
    assertNoContent(api.put("api/v1/following/" + bob, aliceToken));

    String bobsFirst = api.createPost(bobToken, "bob 1").getString("id");
    api.createPost(carolToken, "carol, not followed");
    String alices = api.createPost(aliceToken, "alice 1").getString("id");
    String bobsSecond = api.createPost(bobToken, "bob 2").getString("id");

    assertEquals(List.of(bobsSecond, alices, bobsFirst), ids(api.feed("home", "", aliceToken)));
    assertEquals(
        List.of(bobsSecond, bobsFirst),
        ids(api.feed("home", "", bobToken)),
        "following is one-way: bob's home does not show alice");
  }

  @Test
  void afterUnfollowHomeNoLongerShowsThatUsersPosts() {
    String bob = Api.uniqueUser("bob");
    String aliceToken = api.token(Api.uniqueUser("alice"));
    String bobToken = api.token(bob);
    assertNoContent(api.put("api/v1/following/" + bob, aliceToken));
    String bobs = api.createPost(bobToken, "bob's").getString("id");
    String alices = api.createPost(aliceToken, "alice's").getString("id");
    assertEquals(List.of(alices, bobs), ids(api.feed("home", "", aliceToken)));

    assertNoContent(api.delete("api/v1/following/" + bob, aliceToken));

    assertEquals(List.of(alices), ids(api.feed("home", "", aliceToken)));
  }

  @Test
  void followingSomeoneBringsTheirEarlierPostsIntoHome() {
    String bob = Api.uniqueUser("bob");
    String aliceToken = api.token(Api.uniqueUser("alice"));
    String bobs = api.createPost(api.token(bob), "before the follow").getString("id");
    assertEquals(List.of(), ids(api.feed("home", "", aliceToken)));

    assertNoContent(api.put("api/v1/following/" + bob, aliceToken));

    assertEquals(List.of(bobs), ids(api.feed("home", "", aliceToken)));
  }

  @Test
  void pagesWalkTheFeedWithBeforeAndNextUntilNextIsNull() {
    String alice = Api.uniqueUser("alice");
    List<String> created = createPosts(api.token(alice), 5);
    String feed = "user:" + alice;

    JsonObject first = api.feed(feed, "?limit=2", null);
    assertEquals(List.of(created.get(4), created.get(3)), ids(first));
    assertEquals(created.get(3), first.getString("next"));

    JsonObject second = api.feed(feed, "?limit=2&before=" + first.getString("next"), null);
    assertEquals(List.of(created.get(2), created.get(1)), ids(second));
    assertEquals(created.get(1), second.getString("next"));

    JsonObject last = api.feed(feed, "?limit=2&before=" + second.getString("next"), null);
    assertEquals(List.of(created.get(0)), ids(last));
    assertTrue(last.isNull("next"), "the last page has next null: " + last);
  }

  @Test
  void pageThatEndsExactlyAtTheOldestPostHasNullNext() {
    String alice = Api.uniqueUser("alice");
    List<String> created = createPosts(api.token(alice), 4);
    String feed = "user:" + alice;

    JsonObject first = api.feed(feed, "?limit=2", null);
    assertEquals(created.get(2), first.getString("next"));
    JsonObject second = api.feed(feed, "?limit=2&before=" + first.getString("next"), null);

    assertEquals(List.of(created.get(1), created.get(0)), ids(second));
    assertTrue(second.isNull("next"), "no empty page after the last: " + second);
  }

  @Test
  void pageWithoutLimitHoldsTheDefaultTwentyPosts() {
    String alice = Api.uniqueUser("alice");
    List<String> created = createPosts(api.token(alice), 21);

    JsonObject first = api.feed("user:" + alice, "", null);

    assertEquals(20, first.getJsonArray("posts").size());
    assertEquals(created.get(1), first.getString("next"));
    JsonObject rest = api.feed("user:" + alice, "?before=" + first.getString("next"), null);
    assertEquals(List.of(created.get(0)), ids(rest));
    assertTrue(rest.isNull("next"));
  }

  @Test
  void limitOfOneHundredIsAccepted() {
    JsonObject page = api.feed("public", "?limit=100", null);
    assertTrue(page.getJsonArray("posts").size() <= 100);
  }

  @Test
  void positionIsANumericEventIdThatGrowsWithEachNewPost() {
    String token = api.token(Api.uniqueUser("alice"));
    String before = api.feed("public", "?limit=1", null).getString("position");
    assertTrue(before.matches("[0-9]+"), "position is a decimal string: " + before);

    api.createPost(token, "moves the position");
    String after = api.feed("public", "?limit=1", null).getString("position");

    assertTrue(after.matches("[0-9]+"), "position is a decimal string: " + after);
    assertTrue(Long.parseLong(after) > Long.parseLong(before), before + " then " + after);
  }

  @Test
  void positionReflectsEveryKindOfChangeNotOnlyPostsOfTheFeed() {
    String alice = Api.uniqueUser("alice");
    String token = api.token(alice);
    String id = api.createPost(token, "to be liked").getString("id");
    long before = Long.parseLong(api.feed("user:" + alice, "", null).getString("position"));

    assertNoContent(api.put("api/v1/posts/" + id + "/like", api.token(Api.uniqueUser("bob"))));

    long after = Long.parseLong(api.feed("user:" + alice, "", null).getString("position"));
    assertTrue(after > before, "a like is an event of the feed: " + before + " then " + after);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-1", "abc", "1.5", "99999999999"})
  void limitOutsideOneToOneHundredIsBadRequest(String limit) {
    assertError(api.get("api/v1/feeds/public?limit=" + limit, null), 400, "bad_request");
  }

  @Test
  void nonNumericBeforeIsBadRequest() {
    assertError(api.get("api/v1/feeds/public?before=abc", null), 400, "bad_request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nope",
        "tag:Java",
        "user:",
        "tag:",
        "tag:no-dash",
        "user:bad!name",
        "Home",
        "PUBLIC",
        "hashtag:java",
        "tag%3Aa%2Fb",
        "tag%3A%23java",
        "%2F",
        "tag:java%2F",
        "user:" + "x" + "0123456789012345678901234567890123456789012345678901234567890123"
      })
  void malformedFeedNameIsBadFeed(String feed) {
    assertError(api.get("api/v1/feeds/" + feed, null), 400, "bad_feed");
    assertError(
        api.get("api/v1/feeds/" + feed, api.token(Api.uniqueUser("alice"))), 400, "bad_feed");
  }

  /** An encoded '/' or '#' in the name, which the server refuses before any endpoint reads it. */
  @ParameterizedTest
  @ValueSource(strings = {"tag%3Aa%2Fb", "tag%3A%23java", "%2f"})
  void aMarkerOnAFeedNameWithASeparatorIsBadFeed(String feed) {
    assertError(
        api.send(
            "PUT",
            "api/v1/markers/" + feed,
            api.token(Api.uniqueUser("alice")),
            "application/json",
            "{\"position\":\"1\"}"),
        400,
        "bad_feed");
  }

  @Test
  void homeWithoutATokenIsUnauthorized() {
    assertError(api.get("api/v1/feeds/home", null), 401, "unauthorized");
  }

  @Test
  void publicFeedsAreReadableWithoutAToken() {
    String alice = Api.uniqueUser("alice");
    String tag = uniqueTag();
    api.createPost(api.token(alice), "open to all", tag);

    for (String feed : List.of("public", "user:" + alice, "tag:" + tag)) {
      JsonObject page = assertJson(api.get("api/v1/feeds/" + feed, null), 200);
      assertFalse(page.getJsonArray("posts").isEmpty(), feed + " is empty");
      assertTrue(page.containsKey("next") && page.containsKey("position"), page.toString());
    }
  }

  private List<String> createPosts(String token, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(api.createPost(token, "post " + i).getString("id"));
    }
    return ids;
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("posts").getValuesAs(JsonObject.class).stream()
        .map(post -> post.getString("id"))
        .collect(Collectors.toList());
  }

  /** A tag no earlier run used. */
  private static String uniqueTag() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
