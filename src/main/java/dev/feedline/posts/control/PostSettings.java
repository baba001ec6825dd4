package dev.feedline.posts.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The posts component's settings, read once: what a post may hold, how often one person may post,
 * and whether anonymous callers may read. Defaults and meanings in the README.
 */
@ApplicationScoped
public class PostSettings {
  @Inject
  @ConfigProperty(name = "feedline.posts.max-text-length")
  int maxTextLength;

  @Inject
  @ConfigProperty(name = "feedline.posts.max-tags")
  int maxTags;

  @Inject
  @ConfigProperty(name = "feedline.posts.max-mentions")
  int maxMentions;

  @Inject
  @ConfigProperty(name = "feedline.limits.posts-per-minute")
  int postsPerMinute;

  @Inject
  @ConfigProperty(name = "feedline.limits.max-tracked-keys")
  long maxTrackedKeys;

  @Inject
  @ConfigProperty(name = "feedline.public-read")
  boolean publicRead;

  /** Characters (code points) a post's text may have; a longer one is refused, never cut. */
  public int maxTextLength() {
    return maxTextLength;
  }

  /** Tags one post may carry, explicit and #words together. */
  public int maxTags() {
    return maxTags;
  }

  /** People one post may mention as {@code @name}. */
  public int maxMentions() {
    return maxMentions;
  }

  /** Posts one person may make per minute on this node before being told to wait. */
  public int postsPerMinute() {
    return postsPerMinute;
  }

  /**
   * People the posting limit counts at once, so its memory stays bounded; the {@link
   * dev.feedline.ratelimit.RateLimiter} refuses fewer than one.
   */
  public long maxTrackedKeys() {
    return maxTrackedKeys;
  }

  /** Whether callers without a token may read posts and the feeds that hold them. */
  public boolean publicRead() {
    return publicRead;
  }
}
