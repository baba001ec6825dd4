package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class StreamIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final Api api = Api.itServer();

  @Test
  void postReachesEverySubscribedFeedAndNobodyElse() {
    String bob = Api.uniqueUser("bob");
    String alice = Api.uniqueUser("alice");
    String carol = Api.uniqueUser("carol");
    String tag = "t" + Api.uniqueUser("x").toLowerCase().replace("-", "");
    String bobToken = api.token(bob);
    String aliceToken = api.token(alice);
    String carolToken = api.token(carol);
    api.put("api/v1/following/" + bob, aliceToken);
    try (StreamClient aliceHome = StreamClient.connect(api, aliceToken);
        StreamClient bobHome = StreamClient.connect(api, bobToken);
        StreamClient carolHome = StreamClient.connect(api, carolToken);
        StreamClient tagged = StreamClient.connect(api, null);
        StreamClient author = StreamClient.connect(api, null);
        StreamClient everything = StreamClient.connect(api, null)) {
      aliceHome.subscribeAndWait("home", null);
      bobHome.subscribeAndWait("home", null);
      carolHome.subscribeAndWait("home", null);
      tagged.subscribeAndWait("tag:" + tag, null);
      author.subscribeAndWait("user:" + bob, null);
      everything.subscribeAndWait("public", null);
      JsonObject post = api.createPost(bobToken, "hello #" + tag);
      for (StreamClient client : List.of(aliceHome, bobHome, tagged, author, everything)) {
        JsonObject event = client.events(1, WAIT).get(0);
        assertEquals("post.created", event.getString("type"));
        assertEquals(post, event.getJsonObject("data"));
      }
      // Carol follows nobody: her own later post is the first event on her home.
      JsonObject carols = api.createPost(carolToken, "carol's own");
      assertEquals(carols, carolHome.events(1, WAIT).get(0).getJsonObject("data"));
    }
  }

  /**
   * Many users' handshakes at the same instant: each connection must be its own user's (its home
   * gets its own user's post and nobody else's), never the identity of a handshake that ran
   * alongside it. Repeated, since a mix-up would depend on timing.
   */
  @RepeatedTest(5)
  void concurrentHandshakesOfDifferentUsersEachKeepTheirOwnIdentity() throws Exception {
    int users = 24;
    List<String> names = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      names.add(Api.uniqueUser("twin" + i));
      tokens.add(api.token(names.get(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(users);
    List<StreamClient> clients = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<StreamClient>> opening = new ArrayList<>();
      for (String token : tokens) {
        opening.add(
            pool.submit(
                () -> {
                  start.await();
                  return StreamClient.connect(api, token);
                }));
      }
      start.countDown();
      for (Future<StreamClient> future : opening) {
        clients.add(future.get(60, TimeUnit.SECONDS));
      }
      for (StreamClient client : clients) {
        client.subscribeAndWait("home", null);
      }
      List<JsonObject> posts = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        posts.add(api.createPost(tokens.get(i), "mine, " + names.get(i)));
      }
      // Each user's second post comes after every first post: another user's post on a home
      // would arrive before it.
      List<JsonObject> seconds = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        seconds.add(api.createPost(tokens.get(i), "mine again, " + names.get(i)));
      }
      for (int i = 0; i < users; i++) {
        List<JsonObject> events = clients.get(i).events(2, WAIT);
        for (JsonObject event : events) {
          assertEquals(
              names.get(i),
              event.getJsonObject("data").getString("author"),
              "connection " + i + " was opened with " + names.get(i) + "'s token");
        }
        assertEquals(
            List.of(posts.get(i).getString("id"), seconds.get(i).getString("id")),
            events.stream().map(event -> event.getJsonObject("data").getString("id")).toList(),
            "only its own user's posts");
      }
    } finally {
      clients.forEach(StreamClient::close);
      pool.shutdownNow();
    }
  }

  /**
   * Liberty opens an HTTP session for every WebSocket upgrade; Feedline discards it at once, so
   * clients that reconnect all day leave no sessions behind for the 30-minute session timeout. Read
   * from the server's session statistics (its JMX MBean, through the local connector the tests'
   * server enables), which survive the application being redeployed for each test class.
   */
  @Test
  void aWebSocketLeavesNoHttpSessionBehind() throws Exception {
    try (SessionStats stats = SessionStats.ofItServer()) {
      long createdBefore = stats.count("CreateCount");
      long liveBefore = stats.count("LiveCount");
      int connections = 10;
      List<StreamClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < connections; i++) {
          StreamClient client = StreamClient.connect(api, api.token(Api.uniqueUser("sessionless")));
          client.subscribeAndWait("home", null);
          clients.add(client);
        }
        assertTrue(
            stats.count("CreateCount") >= createdBefore + connections,
            "Liberty made a session per upgrade, so the check below means something");
        assertEquals(liveBefore, stats.count("LiveCount"), "no HTTP session stays");
      } finally {
        clients.forEach(StreamClient::close);
      }
    }
  }
}
