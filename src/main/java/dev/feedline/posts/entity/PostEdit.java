package dev.feedline.posts.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of PATCH /posts/{id}. */
@Schema(description = "A post's new text.", requiredProperties = "text")
public record PostEdit(@Schema(example = "Hello again #java") String text) {}
