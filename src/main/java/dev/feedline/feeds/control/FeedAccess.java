package dev.feedline.feeds.control;

import dev.feedline.auth.entity.Caller;
import dev.feedline.errors.AuthenticationRequiredException;
import dev.feedline.errors.InvalidFeedException;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.posts.control.PostAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Who may read which feed: home, markers and notifications only their owner, the rest whoever may
 * read posts.
 */
@ApplicationScoped
public class FeedAccess {
  private PostAccess posts;

  FeedAccess() {}

  @Inject
  public FeedAccess(PostAccess posts) {
    this.posts = posts;
  }

  /** Parses a feed name, refusing a name that is not one as an invalid feed. */
  public static Feed parse(String name) {
    try {
      return Feed.parse(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidFeedException(e.getMessage());
    }
  }

  /**
   * Parses the name of a feed that shows posts: {@code markers} and {@code notifications} are
   * refused as invalid feeds.
   */
  public static Feed parseWithPosts(String name) {
    Feed feed = parseWithMarker(name);
    if (!feed.hasPosts()) {
      throw new InvalidFeedException(
          "The notifications feed has no posts: its pages are GET /api/v1/notifications.");
    }
    return feed;
  }

  /** Parses the name of a feed that can have a read marker: {@code markers} is refused. */
  public static Feed parseWithMarker(String name) {
    Feed feed = parse(name);
    if (!feed.hasMarker()) {
      throw new InvalidFeedException(
          "The markers feed carries marker changes only: it has no posts, pages or marker.");
    }
    return feed;
  }

  /** Refuses when the feed needs a caller and there is none. */
  public void checkRead(Feed feed, Optional<Caller> caller) {
    if (caller.isEmpty() && !feed.isPublic()) {
      throw new AuthenticationRequiredException(
          "Reading " + feed.name() + " needs a bearer token.");
    }
    posts.checkRead(feed.name(), caller);
  }
}
