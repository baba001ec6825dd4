package dev.feedline.posts.control;

import dev.feedline.errors.RateLimitedException;
import dev.feedline.ratelimit.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Posts per user per minute, on this node; over it, refused until the window allows more. */
@ApplicationScoped
public class PostingLimit {
  private RateLimiter limiter;

  PostingLimit() {}

  @Inject
  public PostingLimit(PostSettings settings) {
    this.limiter = new RateLimiter(settings.postsPerMinute(), settings.maxTrackedKeys());
  }

  public void check(String user) {
    long wait = limiter.attempt(user).retryAfterSeconds();
    if (wait > 0) {
      throw new RateLimitedException("Too many posts; try again in " + wait + " s.", wait);
    }
  }
}
