package dev.feedline.markers.entity;

/** The body of PUT /markers/{feed}: the id of the last event read, as a decimal string. */
public record MarkerPosition(String position) {}
