package dev.feedline.api;

/**
 * The error body of API.md: {"error": "<code>", "message": "<human text>"}. Its OpenAPI schema,
 * {@code Error}, is in META-INF/openapi.yaml with the responses that carry it.
 */
public record ApiError(String error, String message) {}
