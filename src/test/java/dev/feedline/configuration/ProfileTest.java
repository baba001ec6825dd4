package dev.feedline.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileTest {

  @Test
  void localAndProductionAreTheProfiles() {
    assertTrue(new Profile("local").isLocal());
    assertEquals("local", new Profile("local").name());
    assertFalse(new Profile("production").isLocal());
    assertEquals("production", new Profile("production").name());
  }

  /** A mistyped profile must stop the start, not fall back to the local profile silently. */
  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"prod", "Production", "LOCAL", "dev", " local"})
  void anyOtherProfileIsRefusedNamingTheValue(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Profile(name));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
  }
}
