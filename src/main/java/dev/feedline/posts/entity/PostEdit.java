package dev.feedline.posts.entity;

/** The body of PATCH /posts/{id}. */
public record PostEdit(String text) {}
