package dev.feedline.feeds.control;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.events.entity.Ids;
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

  /**
   * The page size a request's {@code limit} asks for: the default when it names none; refused when
   * it is not a whole number from 1 to the largest page size, never cut to it.
   */
  public int pageSize(String limit) {
    if (limit == null || limit.isEmpty()) {
      return defaultPageSize;
    }
    long value =
        Ids.parse(limit)
            .orElseThrow(() -> new InvalidInputException("limit must be a whole number."));
    if (value < 1 || value > maxPageSize) {
      throw new InvalidInputException("limit must be from 1 to " + maxPageSize + ".");
    }
    return (int) value;
  }

  /**
   * Newest posts a home page reads first, looking for the owner's and followed authors' ones, when
   * the owner follows many accounts ({@link HomePage}).
   */
  public int homeWindow() {
    return homeWindow;
  }
}
