package dev.feedline.posts.entity;

import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A post as clients see it; times are ISO-8601 UTC, {@code editedAt} is null until an edit. {@code
 * liked} is whether the caller likes it: null (and not written) for a post that no caller reads,
 * such as the data of an event, which every subscriber shares.
 */
@Schema(
    description = "A post. Times are ISO-8601 UTC.",
    requiredProperties = {
      "id",
      "author",
      "text",
      "tags",
      "createdAt",
      "editedAt",
      "likes",
      "inReplyTo",
      "mentions"
    })
public record Post(
    @Schema(example = "4711") String id,
    @Schema(description = "The author's user id.", example = "alice") String author,
    @Schema(example = "Hello #java") String text,
    @Schema(description = "Lower-case tags, from `tags` and the text's `#words`.")
        List<String> tags,
    @Schema(format = "date-time") String createdAt,
    @Schema(format = "date-time", nullable = true, description = "null until the text is edited.")
        String editedAt,
    long likes,
    @Schema(
            nullable = true,
            description = "The id of the post this one replies to; null when it is no reply.",
            example = "4710")
        String inReplyTo,
    @Schema(description = "The user ids the text mentions as `@name`, each once.")
        List<String> mentions,
    @Schema(
            description =
                "True when the caller (the bearer token's user) likes the post. Absent without a"
                    + " token, and in the events of the streams, which every subscriber shares.")
        @JsonbNillable(false)
        Boolean liked) {

  public Post {
    tags = List.copyOf(tags);
    mentions = List.copyOf(mentions);
  }

  /** The same post with another like count. */
  public Post withLikes(long count) {
    return new Post(id, author, text, tags, createdAt, editedAt, count, inReplyTo, mentions, liked);
  }

  /** The same post as a caller who does ({@code true}) or does not like it sees it. */
  public Post withLiked(Boolean caller) {
    return new Post(
        id, author, text, tags, createdAt, editedAt, likes, inReplyTo, mentions, caller);
  }
}
