package dev.feedline.feeds.entity;

import dev.feedline.posts.entity.Post;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of a feed, newest first. {@code next} is the {@code before} of the following page (null at
 * the end); {@code position} the newest event id the page reflects.
 */
@Schema(
    description = "A page of a feed, newest first.",
    requiredProperties = {"posts", "next", "position"})
public record FeedPage(
    List<Post> posts,
    @Schema(
            nullable = true,
            description = "The `before` of the following page; null on the last page.")
        String next,
    @Schema(
            description =
                "The newest event id the page reflects: subscribe with `since` set to it to miss"
                    + " nothing and see nothing twice.",
            example = "4711")
        String position) {
  public FeedPage {
    posts = List.copyOf(posts);
  }
}
