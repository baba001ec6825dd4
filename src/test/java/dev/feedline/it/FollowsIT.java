package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static dev.feedline.it.ApiAssert.assertNoContent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class FollowsIT {
  private final Api api = Api.itServer();

  @Test
  void followAnswers204AndShowsInFollowingAndFollowers() {
    String alice = Api.uniqueUser("alice");
    String bob = Api.uniqueUser("bob");
    String aliceToken = api.token(alice);
    String bobToken = api.token(bob);

    assertNoContent(api.put("api/v1/following/" + bob, aliceToken));

    assertEquals(List.of(bob), users(api.get("api/v1/following", aliceToken)));
    assertEquals(List.of(alice), users(api.get("api/v1/followers", bobToken)));
    assertEquals(List.of(), users(api.get("api/v1/followers", aliceToken)));
    assertEquals(List.of(), users(api.get("api/v1/following", bobToken)));
  }

  @Test
  void followingTwiceIsIdempotent() {
    String alice = Api.uniqueUser("alice");
    String bob = Api.uniqueUser("bob");
    String aliceToken = api.token(alice);

    assertNoContent(api.put("api/v1/following/" + bob, aliceToken));
    assertNoContent(api.put("api/v1/following/" + bob, aliceToken));

    assertEquals(List.of(bob), users(api.get("api/v1/following", aliceToken)));
    assertEquals(List.of(alice), users(api.get("api/v1/followers", api.token(bob))));
  }

  @Test
  void unfollowAnswers204AndIsIdempotent() {
    String alice = Api.uniqueUser("alice");
    String bob = Api.uniqueUser("bob");
    String aliceToken = api.token(alice);
    assertNoContent(api.put("api/v1/following/" + bob, aliceToken));

    assertNoContent(api.delete("api/v1/following/" + bob, aliceToken));
    assertNoContent(api.delete("api/v1/following/" + bob, aliceToken));

    assertEquals(List.of(), users(api.get("api/v1/following", aliceToken)));
    assertEquals(List.of(), users(api.get("api/v1/followers", api.token(bob))));
  }

  @Test
  void unfollowingSomeoneNeverFollowedAnswers204() {
    String aliceToken = api.token(Api.uniqueUser("alice"));
    assertNoContent(api.delete("api/v1/following/" + Api.uniqueUser("stranger"), aliceToken));
    assertEquals(List.of(), users(api.get("api/v1/following", aliceToken)));
  }

  @Test
  void listsHoldEveryFollowOnce() {
    String alice = Api.uniqueUser("alice");
    String bob = Api.uniqueUser("bob");
    String carol = Api.uniqueUser("carol");
    String dave = Api.uniqueUser("dave");
    String aliceToken = api.token(alice);
    String carolToken = api.token(carol);
    assertNoContent(api.put("api/v1/following/" + bob, aliceToken));
    assertNoContent(api.put("api/v1/following/" + carol, aliceToken));
    assertNoContent(api.put("api/v1/following/" + bob, carolToken));
    assertNoContent(api.put("api/v1/following/" + dave, aliceToken));
    assertNoContent(api.delete("api/v1/following/" + dave, aliceToken));

    List<String> following = users(api.get("api/v1/following", aliceToken));
    assertEquals(
        List.of(bob, carol).stream().sorted().toList(), following.stream().sorted().toList());
    List<String> bobsFollowers = users(api.get("api/v1/followers", api.token(bob)));
    assertEquals(
        List.of(alice, carol).stream().sorted().toList(), bobsFollowers.stream().sorted().toList());
  }

  @Test
  void followingYourselfIsBadRequest() {
    String alice = Api.uniqueUser("alice");
    String token = api.token(alice);

    assertError(api.put("api/v1/following/" + alice, token), 400, "bad_request");
    assertError(api.delete("api/v1/following/" + alice, token), 400, "bad_request");
    assertEquals(List.of(), users(api.get("api/v1/following", token)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad%20name", "semi%3Bcolon", "caf%C3%A9", "x!y", "(paren)"})
  void invalidUserIdIsBadRequest(String encodedUserId) {
    String token = api.token(Api.uniqueUser("alice"));
    assertError(api.put("api/v1/following/" + encodedUserId, token), 400, "bad_request");
    assertError(api.delete("api/v1/following/" + encodedUserId, token), 400, "bad_request");
    assertEquals(List.of(), users(api.get("api/v1/following", token)));
  }

  @Test
  void userIdLongerThan64CharactersIsBadRequest() {
    String token = api.token(Api.uniqueUser("alice"));
    assertError(api.put("api/v1/following/" + "u".repeat(65), token), 400, "bad_request");
  }

  @Test
  void userIdOf64CharactersIsAccepted() {
    String token = api.token(Api.uniqueUser("alice"));
    String longest = (Api.uniqueUser("b") + "_".repeat(64)).substring(0, 64);
    assertNoContent(api.put("api/v1/following/" + longest, token));
    assertEquals(List.of(longest), users(api.get("api/v1/following", token)));
  }

  @Test
  void everyFollowEndpointNeedsAToken() {
    String bob = Api.uniqueUser("bob");
    assertError(api.put("api/v1/following/" + bob, null), 401, "unauthorized");
    assertError(api.delete("api/v1/following/" + bob, null), 401, "unauthorized");
    assertError(api.get("api/v1/following", null), 401, "unauthorized");
    assertError(api.get("api/v1/followers", null), 401, "unauthorized");
  }

  private static List<String> users(Api.Reply reply) {
    JsonObject body = assertJson(reply, 200);
    return body.getJsonArray("users").getValuesAs(JsonString.class).stream()
        .map(JsonString::getString)
        .collect(Collectors.toList());
  }
}
