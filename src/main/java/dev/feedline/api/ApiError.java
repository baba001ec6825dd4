package dev.feedline.api;

/** The error body of API.md: {"error": "<code>", "message": "<human text>"}. */
public record ApiError(String error, String message) {}
