package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static dev.feedline.it.ApiAssert.assertNoContent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Read markers over REST and the markers feed, against one server. */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class MarkersIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Api api = Api.itServer();

  private Api.Reply put(String feed, String token, String position) {
    String body = position == null ? "{}" : "{\"position\":\"" + position + "\"}";
    return api.send("PUT", "api/v1/markers/" + feed, token, "application/json", body);
  }

  private JsonObject move(String feed, String token, String position) {
    return assertJson(put(feed, token, position), 200);
  }

  private JsonObject markers(String query, String token) {
    return assertJson(api.get("api/v1/markers" + query, token), 200).getJsonObject("markers");
  }

  /** The id of the newest event: a post's page position is one. */
  private String lastEventId() {
    return api.feed("public", "?limit=1", null).getString("position");
  }

  @Test
  void putAnswersTheMarkerAndGetReadsItBackForTheCallerOnly() {
    String alice = api.token(Api.uniqueUser("alice"));
    String tag = uniqueTag();
    api.createPost(alice, "about #" + tag);
    String position = lastEventId();

    JsonObject marker = move("tag%3A" + tag, alice, position);

    assertEquals("tag:" + tag, marker.getString("feed"));
    assertEquals(position, marker.getString("position"));
    assertEquals(0, marker.getInt("unread"));
    assertFalse(marker.getBoolean("unreadCapped"));
    assertTrue(marker.getString("updatedAt").endsWith("Z"), marker::toString);
    assertEquals(marker, markers("", alice).getJsonObject("tag:" + tag));
    assertEquals(marker, markers("?feed=tag:" + tag + "&feed=home", alice).get("tag:" + tag));
    assertFalse(markers("?feed=tag:" + tag + "&feed=home", alice).containsKey("home"));
    assertEquals(0, markers("", api.token(Api.uniqueUser("bob"))).size(), "bob has none");
  }

  @Test
  void aPutAtOrBelowTheStoredPositionAnswersTheStoredMarkerUnchanged() {
    String alice = api.token(Api.uniqueUser("alice"));
    api.createPost(alice, "something");
    String high = lastEventId();
    JsonObject stored = move("home", alice, high);
    String afterMove = lastEventId();

    assertEquals(stored, move("home", alice, high));
    assertEquals(stored, move("home", alice, Long.toString(Long.parseLong(high) - 1)));
    assertEquals(stored, move("home", alice, "0"));
    assertEquals(afterMove, lastEventId(), "no event was appended");
  }

  @RepeatedTest(3)
  void twoDevicesPuttingAtOnceNeverMoveTheMarkerBack() throws Exception {
    String alice = api.token(Api.uniqueUser("alice"));
    for (int i = 0; i < 10; i++) {
      api.createPost(alice, "filler " + i);
    }
    long top = Long.parseLong(lastEventId());
    ExecutorService devices = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Long>>> runs = new ArrayList<>();
      for (int device = 0; device < 2; device++) {
        long first = top - 9 + device;
        runs.add(
            devices.submit(
                () -> {
                  go.await();
                  List<Long> seen = new ArrayList<>();
                  for (long p = first; p <= top; p += 2) {
                    seen.add(
                        Long.parseLong(
                            move("home", alice, Long.toString(p)).getString("position")));
                  }
                  return seen;
                }));
      }
      go.countDown();
      for (Future<List<Long>> run : runs) {
        List<Long> seen = run.get(60, TimeUnit.SECONDS);
        for (int i = 1; i < seen.size(); i++) {
          assertTrue(seen.get(i) >= seen.get(i - 1), "a device saw a step back: " + seen);
        }
      }
    } finally {
      devices.shutdownNow();
    }
    assertEquals(
        Long.toString(top),
        markers("?feed=home", alice).getJsonObject("home").getString("position"));
  }

  @Test
  void unreadFollowsPostsDeletionsFollowsAndUnfollows() {
    String aliceName = Api.uniqueUser("alice");
    String bobName = Api.uniqueUser("bob");
    String alice = api.token(aliceName);
    String bob = api.token(bobName);
    move("home", alice, lastEventId());
    String first = api.createPost(bob, "one").getString("id");
    api.createPost(bob, "two");
    assertEquals(0, unread(alice), "bob is not followed yet");

    assertNoContent(api.put("api/v1/following/" + bobName, alice));
    assertEquals(2, unread(alice));

    api.createPost(alice, "mine");
    assertJson(api.patchJson("api/v1/posts/" + first, bob, Api.editBody("one, edited")), 200);
    assertNoContent(api.put("api/v1/posts/" + first + "/like", alice));
    assertEquals(3, unread(alice), "own post counts; an edit and a like do not");

    assertNoContent(api.delete("api/v1/posts/" + first, bob));
    assertEquals(2, unread(alice));

    assertNoContent(api.delete("api/v1/following/" + bobName, alice));
    assertEquals(1, unread(alice));
    assertEquals(1, move("home", alice, "0").getInt("unread"), "the stored marker, recounted");
  }

  private int unread(String token) {
    return markers("?feed=home", token).getJsonObject("home").getInt("unread");
  }

  @Test
  void markersNeedATokenAndAFeedWithPosts() {
    String alice = api.token(Api.uniqueUser("alice"));
    assertError(put("home", null, "0"), 401, "unauthorized");
    assertError(api.get("api/v1/markers", null), 401, "unauthorized");
    assertError(put("markers", alice, "0"), 400, "bad_feed");
    assertError(put("tag:Java", alice, "0"), 400, "bad_feed");
    assertError(put("nowhere", alice, "0"), 400, "bad_feed");
    assertError(api.get("api/v1/markers?feed=markers", alice), 400, "bad_feed");
    assertError(api.get("api/v1/feeds/markers", alice), 400, "bad_feed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-5", "1.5", ""})
  void aPositionThatIsNotAnEventIdIsABadRequest(String position) {
    String alice = api.token(Api.uniqueUser("alice"));
    assertError(put("home", alice, position), 400, "bad_request");
  }

  @Test
  void aMissingOrNotYetIssuedPositionIsABadRequestAndStoresNothing() {
    String alice = api.token(Api.uniqueUser("alice"));
    assertError(put("home", alice, null), 400, "bad_request");
    String ahead = Long.toString(Long.parseLong(lastEventId()) + 1_000_000);
    assertError(put("home", alice, ahead), 400, "bad_request");
    assertEquals(0, markers("", alice).size());
  }

  @Test
  void markerUpdatedReachesTheOwnersWebSocketAndSseAndNobodyElses() {
    String aliceName = Api.uniqueUser("alice");
    String alice = api.token(aliceName);
    String bob = api.token(Api.uniqueUser("bob"));
    try (StreamClient aliceWs = StreamClient.connect(api, alice);
        StreamClient bobWs = StreamClient.connect(api, bob);
        SseClient aliceSse = SseClient.open(api, "feed=markers", alice, null)) {
      aliceWs.subscribeAndWait("markers", null);
      bobWs.subscribeAndWait("markers", null);
      assertEquals("subscribed", aliceSse.next(WAIT).name());

      JsonObject marker = move("public", alice, lastEventId());
      // Bob's own move is the sentinel: it reaches him only after alice's would have.
      JsonObject bobs = move("public", bob, "0");

      for (JsonObject event :
          List.of(
              aliceWs.await(MarkersIT::isEvent, WAIT),
              aliceSse.feedEvents(1, WAIT).get(0).json())) {
        assertEquals("marker.updated", event.getString("type"));
        assertEquals(List.of("markers"), feeds(event));
        assertEquals(marker, event.getJsonObject("data"));
      }
      JsonObject first = bobWs.await(MarkersIT::isEvent, WAIT);
      assertEquals(bobs, first.getJsonObject("data"), "bob's first event is his own: " + first);
    }
  }

  @Test
  void nobodySubscribesToMarkersWithoutAToken() {
    try (StreamClient anonymous = StreamClient.connect(api, null);
        SseClient sse = SseClient.open(api, "feed=markers", null, null)) {
      anonymous.subscribe("markers");
      JsonObject error = anonymous.await(f -> "error".equals(f.getString("type", "")), WAIT);
      assertEquals("unauthorized", error.getString("code"));
      assertEquals(401, sse.status());
      assertEquals("unauthorized", sse.errorBody().getString("error"));
    }
  }

  @Test
  void resumeAcrossAMarkerEventDeliversItOnceInOrderWithThePosts() {
    String aliceName = Api.uniqueUser("alice");
    String alice = api.token(aliceName);
    String since = lastEventId();
    String post = api.createPost(alice, "before the marker").getString("id");
    JsonObject marker = move("home", alice, lastEventId());
    String after = api.createPost(alice, "after the marker").getString("id");

    try (StreamClient ws = StreamClient.connect(api, alice)) {
      ws.subscribe("markers", since);
      ws.subscribe("home", since);
      List<JsonObject> events = ws.events(3, WAIT);

      assertEquals(post, events.get(0).getJsonObject("data").getString("id"));
      assertEquals(List.of("home"), feeds(events.get(0)));
      assertEquals("marker.updated", events.get(1).getString("type"));
      assertEquals(marker, events.get(1).getJsonObject("data"));
      assertEquals(List.of("markers"), feeds(events.get(1)));
      assertEquals(after, events.get(2).getJsonObject("data").getString("id"));
      // A sentinel move: it must be the very next event, so nothing was repeated before it.
      JsonObject sentinel = move("public", alice, "0");
      assertEquals(sentinel, ws.await(MarkersIT::isEvent, WAIT).getJsonObject("data"));
    }
    try (SseClient sse = SseClient.open(api, "feed=markers&feed=home", alice, since)) {
      List<SseClient.Event> events = sse.feedEvents(3, WAIT);
      assertEquals(
          List.of("post.created", "marker.updated", "post.created"),
          events.stream().map(SseClient.Event::name).toList());
      assertEquals(marker, events.get(1).json().getJsonObject("data"));
    }
  }

  private static List<String> feeds(JsonObject event) {
    return event.getJsonArray("feeds").getValuesAs(JsonString::getString);
  }

  private static boolean isEvent(JsonObject frame) {
    return frame.getString("type", "").contains(".");
  }

  private static String uniqueTag() {
    return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
