package dev.feedline.markers.entity;

/**
 * A read marker as clients see it: the feed, the id of the last event read, when it last moved
 * (ISO-8601 UTC), and how many posts came after it, counted up to a cap.
 */
public record Marker(
    String feed, String position, String updatedAt, long unread, boolean unreadCapped) {}
