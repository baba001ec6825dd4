package dev.feedline.markers.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The read markers' settings (feedline.markers.*), read once; defaults in the README. */
@ApplicationScoped
public class MarkerSettings {
  @Inject
  @ConfigProperty(name = "feedline.markers.unread-cap")
  int unreadCap;

  /**
   * Unread posts a marker counts at most, so a count never reads more rows than this; beyond it the
   * marker says {@code unreadCapped}.
   */
  public int unreadCap() {
    return unreadCap;
  }
}
