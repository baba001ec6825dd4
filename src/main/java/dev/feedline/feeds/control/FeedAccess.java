package dev.feedline.feeds.control;

import dev.feedline.api.ApiException;
import dev.feedline.auth.entity.Caller;
import dev.feedline.feeds.entity.Feed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Who may read which feed: home only its owner, the rest anyone while public-read is on. */
@ApplicationScoped
public class FeedAccess {
  private boolean publicRead;

  FeedAccess() {}

  @Inject
  public FeedAccess(@ConfigProperty(name = "feedline.public-read") boolean publicRead) {
    this.publicRead = publicRead;
  }

  /** Parses a feed name, answering bad_feed for a name that is not one. */
  public static Feed parse(String name) {
    try {
      return Feed.parse(name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badFeed(e.getMessage());
    }
  }

  /** Throws 401 when the feed needs a caller and there is none. */
  public void checkRead(Feed feed, Optional<Caller> caller) {
    if (caller.isEmpty() && (feed.kind() == Feed.Kind.HOME || !publicRead)) {
      throw ApiException.unauthorized("Reading " + feed.name() + " needs a bearer token.");
    }
  }
}
