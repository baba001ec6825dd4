package dev.feedline.configuration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Which profile runs: {@code local} (embedded defaults, token minting) or {@code production}. */
@ApplicationScoped
public class Profile {
  public static final String LOCAL = "local";
  public static final String PRODUCTION = "production";

  private String name;

  Profile() {}

  @Inject
  public Profile(@ConfigProperty(name = "feedline.profile") String name) {
    if (!LOCAL.equals(name) && !PRODUCTION.equals(name)) {
      throw new IllegalArgumentException(
          "feedline.profile must be 'local' or 'production', not '" + name + "'");
    }
    this.name = name;
  }

  public String name() {
    return name;
  }

  public boolean isLocal() {
    return LOCAL.equals(name);
  }
}
