package dev.feedline;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST half of the API, under /api/v1. What its OpenAPI document shares (info, the bearer
 * scheme, the error body and one response per error status) and the SSE servlet's description are
 * in META-INF/openapi.yaml; each resource describes its own operations.
 */
@ApplicationPath("/api/v1")
public class FeedlineApplication extends Application {}
