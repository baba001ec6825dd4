package dev.feedline.markers.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of PUT /markers/{feed}: the id of the last event read, as a decimal string. */
@Schema(description = "A marker's new position.", requiredProperties = "position")
public record MarkerPosition(
    @Schema(
            description = "`0` (nothing read) or an event id the service has issued.",
            pattern = "^[0-9]+$",
            example = "4711")
        String position) {}
