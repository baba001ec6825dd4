package dev.feedline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {
  private static CorsPolicy allowing(String... origins) {
    ApiSettings settings = new ApiSettings();
    settings.allowedOrigins =
        origins.length == 0 ? Optional.empty() : Optional.of(List.of(origins));
    CorsPolicy policy = new CorsPolicy();
    policy.settings = settings;
    return policy;
  }

  private static Map<String, String> answer(CorsPolicy policy, String origin) {
    Map<String, String> headers = new LinkedHashMap<>();
    policy.allowOrigin(origin, headers::put);
    return headers;
  }

  @Test
  void aListedOriginIsEchoedAndTheAnswerVariesByOrigin() {
    CorsPolicy policy = allowing("https://app.example.com", "https://www.example.com");

    assertEquals(
        Map.of("Access-Control-Allow-Origin", "https://www.example.com", "Vary", "Origin"),
        answer(policy, "https://www.example.com"));
  }

  @Test
  void aStarAllowsEveryOriginByEchoingItNeverAsAStar() {
    assertEquals(
        Map.of("Access-Control-Allow-Origin", "https://any.example", "Vary", "Origin"),
        answer(allowing("*"), "https://any.example"));
  }

  @Test
  void anUnlistedOriginNoOriginOrNoSettingGetNoHeaders() {
    assertEquals(Map.of(), answer(allowing("https://app.example.com"), "https://evil.example"));
    assertEquals(Map.of(), answer(allowing("https://app.example.com"), null));
    assertEquals(Map.of(), answer(allowing("*"), null));
    assertEquals(Map.of(), answer(allowing(), "https://app.example.com"));
  }

  @Test
  void aPreflightNamesMethodsHeadersAndMaxAgeWhateverTheOrigin() {
    Map<String, String> allowed = new LinkedHashMap<>();
    allowing("https://app.example.com")
        .preflight("https://app.example.com", "GET, OPTIONS", "Authorization", allowed::put);
    Map<String, String> other = new LinkedHashMap<>();
    allowing("https://app.example.com")
        .preflight("https://evil.example", "GET, OPTIONS", "Authorization", other::put);

    assertEquals(
        Map.of(
            "Access-Control-Allow-Origin", "https://app.example.com",
            "Vary", "Origin",
            "Access-Control-Allow-Methods", "GET, OPTIONS",
            "Access-Control-Allow-Headers", "Authorization",
            "Access-Control-Max-Age", "600"),
        allowed);
    assertEquals(
        Map.of(
            "Access-Control-Allow-Methods", "GET, OPTIONS",
            "Access-Control-Allow-Headers", "Authorization",
            "Access-Control-Max-Age", "600"),
        other);
  }
}
