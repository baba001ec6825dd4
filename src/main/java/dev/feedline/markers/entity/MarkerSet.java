package dev.feedline.markers.entity;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer of GET /markers: the caller's markers by feed name. */
@Schema(description = "The caller's markers by feed name.", requiredProperties = "markers")
public record MarkerSet(
    @Schema(description = "Feeds without a marker are absent.") Map<String, Marker> markers) {}
