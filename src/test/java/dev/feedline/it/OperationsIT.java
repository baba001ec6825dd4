package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static dev.feedline.it.ApiAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operations paths of the contract: health probes, metrics and the admin's config view. */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class OperationsIT {
  private static final String CONFIG = "api/v1/admin/config";

  private final Api api = Api.itServer();

  /**
   * Each probe answers UP through Feedline's own check, with what that check looks at: MicroProfile
   * Health answers UP with no checks at all, so the status alone would pass without them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"health", "health/live", "health/ready", "health/started"})
  void healthProbesAnswerUpWithoutAToken(String path) {
    JsonObject health = assertJson(api.get(path, null), 200);
    assertEquals("UP", health.getString("status"), health.toString());
    List<JsonObject> feedline =
        health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(check -> check.getString("name").equals("feedline"))
            .toList();
    int expected = path.equals("health") ? 3 : 1; // the overall answer lists all three
    assertEquals(expected, feedline.size(), "Feedline's checks in " + health);
    for (JsonObject check : feedline) {
      assertEquals("UP", check.getString("status"), check.toString());
    }
    List<String> data =
        feedline.stream().flatMap(c -> c.getJsonObject("data").keySet().stream()).toList();
    if (path.equals("health/ready") || path.equals("health")) {
      assertTrue(data.containsAll(List.of("store", "bus", "draining", "stuckCalls")), "" + data);
    }
    if (path.equals("health/live") || path.equals("health")) {
      assertTrue(data.containsAll(List.of("position", "deliveries")), "" + data);
    }
  }

  /**
   * No error line and no incident between the server's start and its ready message: Liberty's LTPA
   * keys, which mpMetrics brings, once logged CWWKS4118E and an FFDC at every start.
   */
  @Test
  void theServerStartedWithoutAnErrorOrAnIncident() {
    String log = LibertyNode.itServerLog();
    assertTrue(log.contains("CWWKF0011I"), "the server's ready message in its messages.log");
    assertEquals(List.of(), LibertyNode.startupProblems(log));
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
    Map<String, String> values = new HashMap<>();
    for (JsonObject setting : config.getJsonArray("settings").getValuesAs(JsonObject.class)) {
      values.put(
          setting.getString("key"), setting.isNull("value") ? null : setting.getString("value"));
    }
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
      assertTrue(values.containsKey(key), key + " is missing from " + text);
    }
    // The value in effect for this key, not a number found anywhere in the answer.
    assertEquals("16384", values.get("feedline.http.max-body-bytes"), text);
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
