package dev.feedline.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The error body of API.md: {"error": "<code>", "message": "<human text>"}. */
@Schema(
    name = "Error",
    description = "Every error answer: a fixed code and a human message.",
    requiredProperties = {"error", "message"})
public record ApiError(
    @Schema(
            description =
                "The code, fixed per status by the contract; `internal` only with a 500, a fault"
                    + " of the service.",
            enumeration = {
              "bad_request",
              "bad_feed",
              "unauthorized",
              "forbidden",
              "not_found",
              "too_large",
              "unsupported_media_type",
              "rate_limited",
              "unavailable",
              "internal"
            })
        String error,
    @Schema(description = "Human text; its wording may change.") String message) {}
