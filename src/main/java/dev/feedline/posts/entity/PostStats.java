package dev.feedline.posts.entity;

/** The data of a post.stats event. */
public record PostStats(String id, long likes) {}
