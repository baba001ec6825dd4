package dev.feedline.configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings the production profile cannot start without. It refuses to start rather than fall
 * back to the embedded defaults, and names every missing one at once.
 */
public final class RequiredSettings {
  private RequiredSettings() {}

  /** What is missing or wrong, one line each; empty when the profile may start. */
  public static List<String> problems(String profile, Function<String, Optional<String>> config) {
    List<String> problems = new ArrayList<>();
    if (!Profile.PRODUCTION.equals(profile)) {
      return problems;
    }
    if (blank(config, "mp.jwt.verify.publickey")
        && blank(config, "mp.jwt.verify.publickey.location")) {
      problems.add(
          "mp.jwt.verify.publickey (MP_JWT_VERIFY_PUBLICKEY) or mp.jwt.verify.publickey.location:"
              + " the key that verifies tokens");
    }
    if (blank(config, "mp.jwt.verify.issuer")) {
      problems.add("mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER): the issuer tokens must name");
    }
    String storeUrl = config.apply("feedline.store.url").orElse("");
    if (!storeUrl.startsWith("jdbc:postgresql:")) {
      problems.add(
          "feedline.store.url (FEEDLINE_STORE_URL): a jdbc:postgresql: URL; the embedded H2 store"
              + " is for the local profile only");
    }
    if (blank(config, "feedline.bus.redis-url")) {
      problems.add(
          "feedline.bus.redis-url (FEEDLINE_BUS_REDIS_URL): the Redis that carries events between"
              + " nodes, as redis://host:6379");
    }
    return problems;
  }

  private static boolean blank(Function<String, Optional<String>> config, String key) {
    return config.apply(key).map(String::isBlank).orElse(true);
  }
}
