package dev.feedline.posts.entity;

import java.util.List;

/** A post as clients see it; times are ISO-8601 UTC, {@code editedAt} is null until an edit. */
public record Post(
    String id,
    String author,
    String text,
    List<String> tags,
    String createdAt,
    String editedAt,
    long likes) {

  public Post {
    tags = List.copyOf(tags);
  }
}
