package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static dev.feedline.it.ApiAssert.assertNoContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class PostsIT {
  private static final String POSTS = "api/v1/posts";
  private static final int MAX_BODY_BYTES = 16384;
  private static final int MAX_TEXT = 500;

  private final Api api = Api.itServer();

  @Test
  void createdPostIsReadableAtItsLocation() {
    String alice = Api.uniqueUser("alice");
    JsonObject post = api.createPost(api.token(alice), "Hello #Liberty", "java");
    assertEquals(alice, post.getString("author"));
    assertEquals("[\"java\",\"liberty\"]", post.getJsonArray("tags").toString());
    assertTrue(post.isNull("editedAt"));
    assertEquals(0, post.getInt("likes"));
    Api.Reply read = api.get("api/v1/posts/" + post.getString("id"), null);
    assertEquals(200, read.status());
    assertEquals(post, read.json());
  }

  @Test
  void createAnswers201WithLocationOfTheNewPostAndThePostAsBody() {
    String alice = Api.uniqueUser("alice");
    Instant before = Instant.now().minusSeconds(5);

    Api.Reply created = api.postJson(POSTS, api.token(alice), Api.postBody("First light", "photo"));

    JsonObject post = assertJson(created, 201);
    String id = post.getString("id");
    assertTrue(id.matches("[1-9][0-9]*"), "a post id is a positive decimal string: " + id);
    assertEquals(alice, post.getString("author"));
    assertEquals("First light", post.getString("text"));
    assertEquals(List.of("photo"), strings(post, "tags"));
    Instant createdAt = Instant.parse(post.getString("createdAt"));
    assertTrue(createdAt.isAfter(before) && createdAt.isBefore(Instant.now().plusSeconds(5)));
    assertTrue(post.isNull("editedAt"));
    assertEquals(0, post.getJsonNumber("likes").longValue());
    assertFalse(post.getBoolean("liked"), "its author does not like a post that is new");

    String location = created.header("Location");
    assertNotNull(location, "201 without Location");
    assertTrue(location.endsWith("/api/v1/posts/" + id), location);
    Api.Reply atLocation = api.get(api.base().resolve(URI.create(location)).toString(), null);
    assertEquals(Api.withoutLiked(post), assertJson(atLocation, 200));
  }

  @Test
  void tagsComeFromTagsAndHashWordsLowerCasedWithoutRepeats() {
    String alice = Api.uniqueUser("alice");
    JsonObject post =
        api.createPost(
            api.token(alice), "Trying #OpenLiberty with #JAVA and #java today", "Java", "Cloud");

    List<String> tags = strings(post, "tags");
    assertEquals(Set.of("java", "cloud", "openliberty"), Set.copyOf(tags));
    assertEquals(3, tags.size(), "no tag twice: " + tags);
    assertEquals(tags, strings(api.readPost(post.getString("id")), "tags"));
  }

  @Test
  void anyoneMayReadAPostWithoutAToken() {
    String alice = Api.uniqueUser("alice");
    JsonObject post = api.createPost(api.token(alice), "Readable by all");

    assertEquals(post, assertJson(api.get(POSTS + "/" + post.getString("id"), null), 200));
    String bob = Api.uniqueUser("bob");
    JsonObject asBob = assertJson(api.get(POSTS + "/" + post.getString("id"), api.token(bob)), 200);
    assertEquals(post, Api.withoutLiked(asBob));
    assertFalse(asBob.getBoolean("liked"), "bob does not like it: " + asBob);
  }

  @Test
  void authorEditsTextSetsEditedAtAndRecomputesTags() {
    String alice = Api.uniqueUser("alice");
    String token = api.token(alice);
    JsonObject post = api.createPost(token, "Hello #Liberty", "java");
    String id = post.getString("id");

    Api.Reply edited =
        api.patchJson(POSTS + "/" + id, token, Api.editBody("Now on #Jakarta and #EE11"));

    JsonObject after = assertJson(edited, 200);
    assertEquals(id, after.getString("id"));
    assertEquals(alice, after.getString("author"));
    assertEquals("Now on #Jakarta and #EE11", after.getString("text"));
    assertEquals(post.getString("createdAt"), after.getString("createdAt"));
    assertFalse(after.isNull("editedAt"), "an edited post has editedAt");
    assertFalse(
        Instant.parse(after.getString("editedAt"))
            .isBefore(Instant.parse(post.getString("createdAt"))));
    // The explicit tag stays; the old text's #liberty goes; the new text's #words come.
    assertEquals(Set.of("java", "jakarta", "ee11"), Set.copyOf(strings(after, "tags")));
    assertFalse(after.getBoolean("liked"), "the answer says whether the editor likes it");
    assertEquals(Api.withoutLiked(after), api.readPost(id));
  }

  @Test
  void editByAnotherUserIsForbiddenAndChangesNothing() {
    String alice = Api.uniqueUser("alice");
    JsonObject post = api.createPost(api.token(alice), "Mine");
    String id = post.getString("id");

    Api.Reply edit =
        api.patchJson(
            POSTS + "/" + id, api.token(Api.uniqueUser("mallory")), Api.editBody("Hijacked"));

    assertError(edit, 403, "forbidden");
    assertEquals(post, api.readPost(id));
  }

  @Test
  void editByAnAdminWhoIsNotTheAuthorIsForbidden() {
    JsonObject post = api.createPost(api.token(Api.uniqueUser("alice")), "Only I may edit");
    String admin = api.token(Api.uniqueUser("admin"), "user", "admin");

    Api.Reply edit =
        api.patchJson(POSTS + "/" + post.getString("id"), admin, Api.editBody("Moderated"));

    assertError(edit, 403, "forbidden");
  }

  @Test
  void deleteByAnotherUserIsForbiddenAndThePostStays() {
    JsonObject post = api.createPost(api.token(Api.uniqueUser("alice")), "Still here");
    String id = post.getString("id");

    assertError(
        api.delete(POSTS + "/" + id, api.token(Api.uniqueUser("mallory"))), 403, "forbidden");
    assertEquals(post, api.readPost(id));
  }

  @Test
  void deleteByTheAuthorAnswers204AndThePostIsGone() {
    String token = api.token(Api.uniqueUser("alice"));
    String id = api.createPost(token, "Short-lived").getString("id");

    assertNoContent(api.delete(POSTS + "/" + id, token));

    assertError(api.get(POSTS + "/" + id, null), 404, "not_found");
    assertError(api.delete(POSTS + "/" + id, token), 404, "not_found");
  }

  @Test
  void adminDeletesSomeoneElsesPost() {
    String id =
        api.createPost(api.token(Api.uniqueUser("alice")), "Spam spam spam").getString("id");
    String admin = api.token(Api.uniqueUser("moderator"), "user", "admin");

    assertNoContent(api.delete(POSTS + "/" + id, admin));

    assertError(api.get(POSTS + "/" + id, null), 404, "not_found");
  }

  @Test
  void likeAndUnlikeAreIdempotentAndMoveTheCountOnce() {
    String id = api.createPost(api.token(Api.uniqueUser("alice")), "Like me").getString("id");
    String bob = api.token(Api.uniqueUser("bob"));
    String like = POSTS + "/" + id + "/like";
    assertEquals(0, likes(id));

    assertNoContent(api.put(like, bob));
    assertEquals(1, likes(id));
    assertNoContent(api.put(like, bob));
    assertEquals(1, likes(id), "a second like by the same user changes nothing");

    assertNoContent(api.delete(like, bob));
    assertEquals(0, likes(id));
    assertNoContent(api.delete(like, bob));
    assertEquals(0, likes(id), "a second unlike changes nothing");
  }

  @Test
  void aPostSaysWhetherTheCallerLikesItWhereverItIsAnsweredToThem() {
    String alice = Api.uniqueUser("alice");
    String aliceToken = api.token(alice);
    String bobToken = api.token(Api.uniqueUser("bob"));
    String id = api.createPost(aliceToken, "Liked by bob").getString("id");
    String other = api.createPost(aliceToken, "Liked by nobody").getString("id");
    assertNoContent(api.put(POSTS + "/" + id + "/like", bobToken));

    assertTrue(assertJson(api.get(POSTS + "/" + id, bobToken), 200).getBoolean("liked"));
    assertFalse(assertJson(api.get(POSTS + "/" + id, aliceToken), 200).getBoolean("liked"));
    assertFalse(api.readPost(id).containsKey("liked"), "without a token there is no liked");
    JsonObject page = api.feed("user:" + alice, "", bobToken);
    assertEquals(
        List.of(other + " false", id + " true"),
        page.getJsonArray("posts").getValuesAs(JsonObject.class).stream()
            .map(p -> p.getString("id") + " " + p.getBoolean("liked"))
            .toList());
    assertTrue(
        api
            .feed("user:" + alice, "", null)
            .getJsonArray("posts")
            .getValuesAs(JsonObject.class)
            .stream()
            .noneMatch(p -> p.containsKey("liked")),
        "a page read without a token has no liked");

    assertNoContent(api.delete(POSTS + "/" + id + "/like", bobToken));
    assertFalse(assertJson(api.get(POSTS + "/" + id, bobToken), 200).getBoolean("liked"));
    assertNoContent(api.put(POSTS + "/" + id + "/like", aliceToken));
    JsonObject edited =
        assertJson(api.patchJson(POSTS + "/" + id, aliceToken, Api.editBody("Liked by me")), 200);
    assertTrue(edited.getBoolean("liked"), "the edit's answer: alice likes her post: " + edited);
  }

  @Test
  void likesOfDifferentUsersAddUp() {
    String id = api.createPost(api.token(Api.uniqueUser("alice")), "Popular").getString("id");
    String like = POSTS + "/" + id + "/like";

    assertNoContent(api.put(like, api.token(Api.uniqueUser("bob"))));
    assertNoContent(api.put(like, api.token(Api.uniqueUser("carol"))));

    assertEquals(2, likes(id));
  }

  @Test
  void likedPostCanStillBeDeleted() {
    String token = api.token(Api.uniqueUser("alice"));
    String id = api.createPost(token, "Liked, then gone").getString("id");
    assertNoContent(api.put(POSTS + "/" + id + "/like", api.token(Api.uniqueUser("bob"))));

    assertNoContent(api.delete(POSTS + "/" + id, token));

    assertError(api.get(POSTS + "/" + id, null), 404, "not_found");
  }

  @Test
  void malformedJsonIsBadRequest() {
    String token = api.token(Api.uniqueUser("alice"));
    assertError(api.postJson(POSTS, token, "{\"text\": \"unterminated"), 400, "bad_request");
    assertError(api.postJson(POSTS, token, "not json at all"), 400, "bad_request");
    assertError(api.postJson(POSTS, token, ""), 400, "bad_request");

    String id = api.createPost(token, "Edit me").getString("id");
    assertError(api.patchJson(POSTS + "/" + id, token, "{\"text\": "), 400, "bad_request");
  }

  @Test
  void bodyThatIsNotJsonTypedIsUnsupportedMediaType() {
    String token = api.token(Api.uniqueUser("alice"));
    Api.Reply create = api.send("POST", POSTS, token, "text/plain", Api.postBody("plain"));
    assertError(create, 415, "unsupported_media_type");

    String id = api.createPost(token, "Edit me").getString("id");
    Api.Reply edit =
        api.send(
            "PATCH", POSTS + "/" + id, token, "application/x-www-form-urlencoded", "text=changed");
    assertError(edit, 415, "unsupported_media_type");
  }

  @Test
  void jsonWithACharsetParameterIsAccepted() {
    String token = api.token(Api.uniqueUser("alice"));
    Api.Reply reply =
        api.send(
            "POST", POSTS, token, "application/json; charset=UTF-8", Api.postBody("Caf\u00e9"));
    assertEquals("Caf\u00e9", assertJson(reply, 201).getString("text"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[{\"text\": \"in an array\"}]",
        "\"just a string\"",
        "{\"text\": \"hi\", \"tags\": \"java\"}",
        "{\"text\": [\"hi\"]}",
        "{\"text\": \"hi\"} trailing",
        "{\"text\": \"one\"} {\"text\": \"two\"}"
      })
  void bodyThatIsNotOnePostObjectIsBadRequest(String body) {
    assertError(api.postJson(POSTS, api.token(Api.uniqueUser("alice")), body), 400, "bad_request");
  }

  @Test
  void editWithTrailingGarbageAfterTheJsonIsBadRequest() {
    String token = api.token(Api.uniqueUser("alice"));
    String id = api.createPost(token, "Unchanged").getString("id");

    Api.Reply edit = api.patchJson(POSTS + "/" + id, token, "{\"text\": \"Changed\"} trailing");

    assertError(edit, 400, "bad_request");
    assertEquals("Unchanged", api.readPost(id).getString("text"));
  }

  @Test
  void bodyOverTheConfiguredByteLimitIsTooLargeEvenWithShortText() {
    String token = api.token(Api.uniqueUser("alice"));
    // Unknown fields are ignored, so only the body's size can make this request fail.
    String padded = bodyWithPadding("short", MAX_BODY_BYTES + 1);

    assertError(api.postJson(POSTS, token, padded), 413, "too_large");
  }

  @Test
  void bodyJustUnderTheByteLimitIsAccepted() {
    String token = api.token(Api.uniqueUser("alice"));
    String padded = bodyWithPadding("fits", MAX_BODY_BYTES - 16);

    assertEquals(201, api.postJson(POSTS, token, padded).status());
  }

  @Test
  void textOverTheConfiguredLengthIsTooLargeNeverCut() {
    String token = api.token(Api.uniqueUser("alice"));
    String tooLong = "x".repeat(MAX_TEXT + 1);
    assertError(api.postJson(POSTS, token, Api.postBody(tooLong)), 413, "too_large");

    String id = api.createPost(token, "Short").getString("id");
    assertError(api.patchJson(POSTS + "/" + id, token, Api.editBody(tooLong)), 413, "too_large");
    assertEquals("Short", api.readPost(id).getString("text"));
  }

  @Test
  void textOfExactlyTheLimitIsKeptWhole() {
    String text = "y".repeat(MAX_TEXT);
    JsonObject post = api.createPost(api.token(Api.uniqueUser("alice")), text);
    assertEquals(text, api.readPost(post.getString("id")).getString("text"));
  }

  @Test
  void textLimitCountsCharactersNotUtf16Units() {
    // 500 characters outside the Basic Multilingual Plane: 1,000 UTF-16 units, 2,000 UTF-8 bytes.
    String text = "\uD83D\uDE00".repeat(MAX_TEXT);
    JsonObject post = api.createPost(api.token(Api.uniqueUser("alice")), text);
    assertEquals(text, api.readPost(post.getString("id")).getString("text"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "  \t\n "})
  void blankTextIsBadRequest(String text) {
    String token = api.token(Api.uniqueUser("alice"));
    assertError(api.postJson(POSTS, token, Api.postBody(text)), 400, "bad_request");

    String id = api.createPost(token, "Edit me").getString("id");
    assertError(api.patchJson(POSTS + "/" + id, token, Api.editBody(text)), 400, "bad_request");
  }

  @Test
  void missingTextIsBadRequest() {
    String token = api.token(Api.uniqueUser("alice"));
    assertError(api.postJson(POSTS, token, "{\"tags\": [\"java\"]}"), 400, "bad_request");
    assertError(api.postJson(POSTS, token, "{}"), 400, "bad_request");
  }

  @Test
  void moreThanTenTagsIsBadRequest() {
    String token = api.token(Api.uniqueUser("alice"));
    String[] eleven = {"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11"};
    assertError(api.postJson(POSTS, token, Api.postBody("Many", eleven)), 400, "bad_request");
  }

  @Test
  void tagLimitCountsHashWordsToo() {
    String token = api.token(Api.uniqueUser("alice"));
    String[] six = {"t1", "t2", "t3", "t4", "t5", "t6"};
    Api.Reply reply =
        api.postJson(POSTS, token, Api.postBody("#h1 #h2 #h3 #h4 #h5 are too many", six));
    assertError(reply, 400, "bad_request");

    String id = api.createPost(token, "Fine", six).getString("id");
    Api.Reply edit = api.patchJson(POSTS + "/" + id, token, Api.editBody("#h1 #h2 #h3 #h4 #h5"));
    assertError(edit, 400, "bad_request");
  }

  @Test
  void tenTagsAreAccepted() {
    String[] ten = {"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10"};
    JsonObject post = api.createPost(api.token(Api.uniqueUser("alice")), "Exactly ten", ten);
    assertEquals(10, post.getJsonArray("tags").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"two words", "c++", "", "ünïcode", "dash-ed", "#java"})
  void tagOutsideTheTagAlphabetIsBadRequest(String tag) {
    Api.Reply reply =
        api.postJson(POSTS, api.token(Api.uniqueUser("alice")), Api.postBody("Tagged", tag));
    assertError(reply, 400, "bad_request");
  }

  @Test
  void tagLongerThan64CharactersIsBadRequest() {
    Api.Reply reply =
        api.postJson(
            POSTS, api.token(Api.uniqueUser("alice")), Api.postBody("Tagged", "a".repeat(65)));
    assertError(reply, 400, "bad_request");
  }

  @Test
  void nullTagIsBadRequest() {
    Api.Reply reply =
        api.postJson(
            POSTS, api.token(Api.uniqueUser("alice")), "{\"text\": \"Hi\", \"tags\": [null]}");
    assertError(reply, 400, "bad_request");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"text\": 42}",
        "{\"text\": true}",
        "{\"text\": [\"Hi\"]}",
        "{\"text\": \"Hi\", \"tags\": [42]}",
        "{\"text\": \"Hi\", \"tags\": \"java\"}"
      })
  void aFieldOfTheWrongJsonTypeIsABadRequestNotCoerced(String body) {
    String token = api.token(Api.uniqueUser("alice"));
    Api.Reply reply = api.postJson(POSTS, token, body);
    assertError(reply, 400, "bad_request");
    assertTrue(reply.json().getString("message").contains("'t"), reply.body());
  }

  @Test
  void aBodyNestedTooDeepIsABadRequest() {
    String token = api.token(Api.uniqueUser("alice"));
    String deep = "[".repeat(1000) + "]".repeat(1000);
    assertError(api.postJson(POSTS, token, deep), 400, "bad_request");
    assertError(
        api.postJson(POSTS, token, "{\"text\": \"Hi\", \"tags\": " + deep + "}"),
        400,
        "bad_request");
    String id = api.createPost(token, "to edit").getString("id");
    assertError(
        api.patchJson(POSTS + "/" + id, token, "{\"text\": " + deep + "}"), 400, "bad_request");
  }

  @Test
  void aPostIdIsAsciiDigitsOnly() {
    String id = api.createPost(api.token(Api.uniqueUser("alice")), "numbered").getString("id");
    StringBuilder arabicIndic = new StringBuilder();
    id.chars().forEach(c -> arabicIndic.append((char) ('\u0660' + (c - '0'))));
    String encoded =
        java.net.URLEncoder.encode(arabicIndic.toString(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(200, api.get(POSTS + "/" + id, null).status());
    assertError(api.get(POSTS + "/+" + id, null), 404, "not_found");
    assertError(api.get(POSTS + "/" + encoded, null), 404, "not_found");
    assertError(api.get(POSTS + "/0" + id + ".0", null), 404, "not_found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"999999999999", "abc", "0", "-1", "1.5"})
  void unknownPostIsNotFoundForEveryOperation(String id) {
    String token = api.token(Api.uniqueUser("alice"));
    String path = POSTS + "/" + id;
    assertError(api.get(path, null), 404, "not_found");
    assertError(api.get(path, token), 404, "not_found");
    assertError(api.patchJson(path, token, Api.editBody("Changed")), 404, "not_found");
    assertError(api.delete(path, token), 404, "not_found");
    assertError(api.put(path + "/like", token), 404, "not_found");
    assertError(api.delete(path + "/like", token), 404, "not_found");
  }

  @Test
  void writingWithoutATokenIsUnauthorized() {
    String token = api.token(Api.uniqueUser("alice"));
    JsonObject post = api.createPost(token, "Guarded");
    String path = POSTS + "/" + post.getString("id");

    assertError(api.postJson(POSTS, null, Api.postBody("Anonymous")), 401, "unauthorized");
    assertError(api.patchJson(path, null, Api.editBody("Anonymous edit")), 401, "unauthorized");
    assertError(api.delete(path, null), 401, "unauthorized");
    assertError(api.put(path + "/like", null), 401, "unauthorized");
    assertError(api.delete(path + "/like", null), 401, "unauthorized");

    assertEquals(post, api.readPost(post.getString("id")), "nothing changed");
  }

  private long likes(String id) {
    return api.readPost(id).getJsonNumber("likes").longValue();
  }

  private static List<String> strings(JsonObject object, String name) {
    return object.getJsonArray(name).getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .collect(Collectors.toList());
  }

  /** A post body of exactly {@code bytes} bytes: short text plus an unknown padding field. */
  private static String bodyWithPadding(String text, int bytes) {
    String empty = Json.createObjectBuilder().add("text", text).add("pad", "").build().toString();
    String body =
        Json.createObjectBuilder()
            .add("text", text)
            .add("pad", "p".repeat(bytes - empty.length()))
            .build()
            .toString();
    assertEquals(bytes, body.length());
    return body;
  }
}
