package dev.feedline.auth.control;

import dev.feedline.configuration.Profile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Token settings as the container makes them from the defaults, for one test: stop() ends the key
 * reloading of every one it made.
 */
final class TokenSettingsFixture {
  static final String ISSUER = "https://issuer.example";

  private final Path dataDir;
  private final List<TokenSettings> made = new ArrayList<>();

  TokenSettingsFixture(Path dataDir) {
    this.dataDir = dataDir;
  }

  private DevKeys devKeys() {
    DevSettings settings = new DevSettings();
    settings.dataDir = dataDir.toString();
    DevKeys devKeys = new DevKeys();
    devKeys.settings = settings;
    return devKeys;
  }

  TokenSettings local() {
    TokenSettings settings = unconfigured(Profile.LOCAL);
    settings.devKeys = devKeys();
    return settings;
  }

  TokenSettings production() {
    TokenSettings settings = unconfigured(Profile.PRODUCTION);
    settings.issuer = Optional.of(ISSUER);
    return settings;
  }

  private TokenSettings unconfigured(String profile) {
    TokenSettings settings = new TokenSettings();
    settings.profile = new Profile(profile);
    settings.publicKey = Optional.empty();
    settings.publicKeyLocation = Optional.empty();
    settings.algorithms = "RS256";
    settings.issuer = Optional.empty();
    settings.audiences = Optional.empty();
    settings.skewSeconds = 30;
    settings.refreshSeconds = 300;
    settings.unknownKidRefreshSeconds = 3600;
    made.add(settings);
    return settings;
  }

  static TokenVerifier verifier(TokenSettings settings) {
    TokenVerifier verifier = new TokenVerifier();
    verifier.settings = settings;
    return verifier;
  }

  void stop() {
    made.forEach(TokenSettings::stop);
  }
}
