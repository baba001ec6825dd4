package dev.feedline.markers.entity;

import java.util.Map;

/** The answer of GET /markers: the caller's markers by feed name. */
public record MarkerSet(Map<String, Marker> markers) {}
