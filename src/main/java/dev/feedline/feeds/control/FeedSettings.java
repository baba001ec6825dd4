package dev.feedline.feeds.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The feeds component's settings (feedline.feeds.*), read once: how long a page is, and how a home
 * page is read. The notifications pages take the same page sizes. Defaults and meanings in the
 * README.
 */
@ApplicationScoped
public class FeedSettings {
  @Inject
  @ConfigProperty(name = "feedline.feeds.default-page-size")
  int defaultPageSize;

  @Inject
  @ConfigProperty(name = "feedline.feeds.max-page-size")
  int maxPageSize;

  @Inject
  @ConfigProperty(name = "feedline.feeds.home-window")
  int homeWindow;

  /** The page size when the request names no limit. */
  public int defaultPageSize() {
    return defaultPageSize;
  }

  /** The largest limit a request may name; a larger one is refused, never cut. */
  public int maxPageSize() {
    return maxPageSize;
  }

  /**
   * Newest posts a home page reads first, looking for the owner's and followed authors' ones, when
   * the owner follows many accounts ({@link HomePage}).
   */
  public int homeWindow() {
    return homeWindow;
  }
}
