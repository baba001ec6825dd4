package dev.feedline;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST half of the API, under /api/v1. */
@ApplicationPath("/api/v1")
public class FeedlineApplication extends Application {}
