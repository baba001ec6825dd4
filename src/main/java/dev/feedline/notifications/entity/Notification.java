package dev.feedline.notifications.entity;

import dev.feedline.posts.entity.Post;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Someone other than the recipient liked, followed, mentioned or replied to them. */
@Schema(
    description = "A notification. Times are ISO-8601 UTC.",
    requiredProperties = {"id", "type", "actor", "post", "createdAt"})
public record Notification(
    @Schema(example = "17") String id,
    @Schema(
            type = SchemaType.STRING,
            enumeration = {"like", "follow", "mention", "reply"},
            example = "like")
        String type,
    @Schema(description = "Who liked, followed, mentioned or replied.", example = "bob")
        String actor,
    @Schema(
            nullable = true,
            description =
                "The liked post, the mentioning post or the reply, as it is now and as the caller"
                    + " sees it (`liked`); null for a follow.")
        Post post,
    @Schema(format = "date-time") String createdAt) {}
