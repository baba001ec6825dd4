package dev.feedline.posts.entity;

import java.util.List;

/** The body of POST /posts. */
public record NewPost(String text, List<String> tags) {}
