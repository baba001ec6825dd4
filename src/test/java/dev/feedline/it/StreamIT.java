package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StreamIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final Api api = Api.itServer();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.feedline();
  }

  @Test
  void postReachesEverySubscribedFeedAndNobodyElse() {
    String bob = Api.uniqueUser("bob");
    String alice = Api.uniqueUser("alice");
    String carol = Api.uniqueUser("carol");
    String tag = "t" + Api.uniqueUser("x").toLowerCase().replace("-", "");
    String bobToken = api.token(bob);
    String aliceToken = api.token(alice);
    api.put("api/v1/following/" + bob, aliceToken);
    try (StreamClient aliceHome = StreamClient.connect(api, aliceToken);
        StreamClient bobHome = StreamClient.connect(api, bobToken);
        StreamClient carolHome = StreamClient.connect(api, api.token(carol));
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
      assertNull(carolHome.poll(Duration.ofSeconds(1)), "carol follows nobody");
    }
  }
}
