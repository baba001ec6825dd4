package dev.feedline.push.entity;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A push subscription as the API shows it: never its keys. */
@Schema(
    description = "A device's push subscription; its keys are never shown.",
    requiredProperties = {"id", "endpoint", "types", "createdAt"})
public record PushSubscription(
    @Schema(example = "12") String id,
    @Schema(example = "https://push.example.net/send/abc123") String endpoint,
    @Schema(description = "The notification types pushed to it.") List<String> types,
    @Schema(example = "2026-12-05T10:15:30.123Z") String createdAt) {}
