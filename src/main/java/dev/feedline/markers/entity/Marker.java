package dev.feedline.markers.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A read marker as clients see it: the feed, the id of the last event read, when it last moved
 * (ISO-8601 UTC), and how many posts came after it, counted up to a cap.
 */
@Schema(
    description = "Where the caller stopped reading a feed.",
    requiredProperties = {"feed", "position", "updatedAt", "unread", "unreadCapped"})
public record Marker(
    @Schema(example = "home") String feed,
    @Schema(description = "The last event id read; `0` for nothing read.", example = "4711")
        String position,
    @Schema(format = "date-time") String updatedAt,
    @Schema(description = "Posts created after the position and not deleted, up to a cap.")
        long unread,
    @Schema(description = "true when there are more unread posts than the cap counts.")
        boolean unreadCapped) {}
