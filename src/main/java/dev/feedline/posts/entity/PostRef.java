package dev.feedline.posts.entity;

/** The data of a post.deleted event. */
public record PostRef(String id) {}
