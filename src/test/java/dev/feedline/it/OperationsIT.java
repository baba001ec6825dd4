package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operations paths of the contract: health probes, metrics and the admin's config view. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperationsIT {
  private static final String CONFIG = "api/v1/admin/config";

  private final Api api = Api.itServer();

  @Deployment(testable = false)
  static WebArchive deployment() {
    return Deployments.feedline();
  }

  @ParameterizedTest
  @ValueSource(strings = {"health", "health/live", "health/ready", "health/started"})
  void healthProbesAnswerUpWithoutAToken(String path) {
    JsonObject health = assertJson(api.get(path, null), 200);
    assertEquals("UP", health.getString("status"), health.toString());
  }

  @Test
  void metricsAreScrapedAsPrometheusTextWithoutAToken() {
    Api.Reply metrics = api.get("metrics", null);
    assertEquals(200, metrics.status(), metrics.body());
    assertTrue(
        metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
    assertTrue(metrics.body().contains("# TYPE "), "Prometheus exposition format");
  }

  @Test
  void adminSeesEveryFeedlineSettingInEffect() {
    String admin = api.token(Api.uniqueUser("admin"), "user", "admin");

    Api.Reply reply = api.get(CONFIG, admin);

    JsonObject config = assertJson(reply, 200);
    String text = config.toString();
    for (String key :
        new String[] {
          "feedline.profile",
          "feedline.public-read",
          "feedline.http.max-body-bytes",
          "feedline.posts.max-text-length",
          "feedline.posts.max-tags",
          "feedline.feeds.default-page-size",
          "feedline.feeds.max-page-size"
        }) {
      assertTrue(text.contains("\"" + key + "\""), key + " is missing from " + text);
    }
    assertTrue(text.contains("16384"), "the body limit in effect: " + text);
  }

  @Test
  void configViewIsForbiddenToUsersWithoutTheAdminRole() {
    assertError(api.get(CONFIG, api.token(Api.uniqueUser("alice"))), 403, "forbidden");
  }

  @Test
  void configViewNeedsAToken() {
    assertError(api.get(CONFIG, null), 401, "unauthorized");
  }
}
