package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PostsIT {
  private final Api api = Api.itServer();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.feedline();
  }

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
}
