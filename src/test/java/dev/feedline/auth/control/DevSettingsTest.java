package dev.feedline.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DevSettingsTest {
  @Test
  void readsTheDataDirectoryAsAPathAndTheTokenLifetimeInSeconds() {
    DevSettings settings = new DevSettings();
    settings.dataDir = "/var/feedline/data";
    settings.tokenTtlSeconds = 43200;

    assertEquals(Path.of("/var/feedline/data"), settings.dataDir());
    assertEquals(Duration.ofHours(12), settings.tokenTtl());
  }
}
