package dev.feedline.feeds.entity;

import dev.feedline.posts.entity.Post;
import java.util.List;

/**
 * A page of a feed, newest first. {@code next} is the {@code before} of the following page (null at
 * the end); {@code position} the newest event id the page reflects.
 */
public record FeedPage(List<Post> posts, String next, String position) {
  public FeedPage {
    posts = List.copyOf(posts);
  }
}
