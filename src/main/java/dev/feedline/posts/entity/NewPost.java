package dev.feedline.posts.entity;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /posts. */
@Schema(description = "A new post.", requiredProperties = "text")
public record NewPost(
    @Schema(
            description =
                "1 to `feedline.posts.max-text-length` characters, not blank; its `#words` become"
                    + " tags too, its `@names` mentions (at most `feedline.posts.max-mentions`).",
            example = "Hello #java")
        String text,
    @Schema(
            description =
                "Tags, lower-cased, `[a-z0-9_]{1,64}`, at most `feedline.posts.max-tags` in all.",
            example = "[\"java\"]")
        List<String> tags,
    @Schema(
            description =
                "The id of the post this one replies to (optional); an unknown or deleted post is"
                    + " 404.",
            example = "4710")
        String inReplyTo) {}
