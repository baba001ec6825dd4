package dev.feedline.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RequiredSettingsTest {
  private static final String POSTGRES = "jdbc:postgresql://db:5432/feedline";

  private static Function<String, Optional<String>> config(Map<String, String> values) {
    return key -> Optional.ofNullable(values.get(key));
  }

  private static Map<String, String> complete() {
    Map<String, String> values = new HashMap<>();
    values.put("mp.jwt.verify.publickey", "MIIBIjANBg...");
    values.put("mp.jwt.verify.issuer", "https://issuer.example");
    values.put("feedline.store.url", POSTGRES);
    values.put("feedline.bus.redis-url", "redis://127.0.0.1:6379");
    return values;
  }

  private static List<String> problems(Map<String, String> values) {
    return RequiredSettings.problems(Profile.PRODUCTION, config(values));
  }

  private static void assertOneProblemNaming(String key, List<String> problems) {
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith(key), problems.get(0));
  }

  @Test
  void localProfileNeedsNothing() {
    assertEquals(List.of(), RequiredSettings.problems(Profile.LOCAL, config(Map.of())));
  }

  @Test
  void completeProductionSettingsHaveNoProblems() {
    assertEquals(List.of(), problems(complete()));
  }

  @Test
  void keyLocationInsteadOfKeyIsEnough() {
    Map<String, String> values = complete();
    values.remove("mp.jwt.verify.publickey");
    values.put("mp.jwt.verify.publickey.location", "file:/keys/public.pem");

    assertEquals(List.of(), problems(values));
  }

  @Test
  void productionWithNothingSetNamesEveryMissingSetting() {
    List<String> problems = problems(Map.of());

    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("mp.jwt.verify.publickey"), problems.get(0));
    assertTrue(problems.get(0).contains("mp.jwt.verify.publickey.location"), problems.get(0));
    assertTrue(problems.get(1).startsWith("mp.jwt.verify.issuer"), problems.get(1));
    assertTrue(problems.get(2).startsWith("feedline.store.url"), problems.get(2));
    assertTrue(problems.get(3).startsWith("feedline.bus.redis-url"), problems.get(3));
  }

  @Test
  void missingVerificationKeyIsNamed() {
    Map<String, String> values = complete();
    values.remove("mp.jwt.verify.publickey");
    assertOneProblemNaming("mp.jwt.verify.publickey", problems(values));
  }

  @Test
  void blankSettingCountsAsMissing() {
    Map<String, String> values = complete();
    values.put("mp.jwt.verify.publickey", "  ");
    values.put("mp.jwt.verify.publickey.location", "");
    assertOneProblemNaming("mp.jwt.verify.publickey", problems(values));
  }

  @Test
  void missingIssuerIsNamed() {
    Map<String, String> values = complete();
    values.remove("mp.jwt.verify.issuer");
    assertOneProblemNaming("mp.jwt.verify.issuer", problems(values));
  }

  @Test
  void missingStoreUrlIsNamed() {
    Map<String, String> values = complete();
    values.remove("feedline.store.url");
    assertOneProblemNaming("feedline.store.url", problems(values));
  }

  @Test
  void embeddedH2StoreIsAProblemInProduction() {
    Map<String, String> values = complete();
    values.put("feedline.store.url", "jdbc:h2:file:/data/feedline;LOCK_TIMEOUT=10000");

    List<String> problems = problems(values);

    assertOneProblemNaming("feedline.store.url", problems);
    assertTrue(problems.get(0).contains("H2"), problems.get(0));
  }

  @Test
  void problemsSayWhichEnvironmentVariableSetsThem() {
    String all = String.join("\n", problems(Map.of()));
    assertTrue(all.contains("MP_JWT_VERIFY_PUBLICKEY"), all);
    assertTrue(all.contains("MP_JWT_VERIFY_ISSUER"), all);
    assertTrue(all.contains("FEEDLINE_STORE_URL"), all);
  }
}
