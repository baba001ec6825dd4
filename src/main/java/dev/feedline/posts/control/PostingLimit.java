package dev.feedline.posts.control;

import dev.feedline.errors.RateLimitedException;
import dev.feedline.ratelimit.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Posts per user per minute, on this node; over it, refused until the window allows more. */
@ApplicationScoped
public class PostingLimit {
  private RateLimiter limiter;

  PostingLimit() {}

  @Inject
  public PostingLimit(
      @ConfigProperty(name = "feedline.limits.posts-per-minute") int perMinute,
      @ConfigProperty(name = "feedline.limits.max-tracked-keys") long maxKeys) {
    this.limiter = new RateLimiter(perMinute, maxKeys);
  }

  public void check(String user) {
    long wait = limiter.attempt(user).retryAfterSeconds();
    if (wait > 0) {
      throw new RateLimitedException("Too many posts; try again in " + wait + " s.", wait);
    }
  }
}
