package dev.feedline;

import dev.feedline.api.ApiError;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST half of the API, under /api/v1. Its OpenAPI definition holds what every operation
 * shares: the bearer scheme and one response per error status, each with the JSON error body. The
 * SSE servlet is described in META-INF/openapi.yaml.
 */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Feedline API",
            version = "1.2",
            description =
                """
                Real-time social feeds: post, reply, mention, follow, like, page through feeds \
                and notifications and keep read markers over REST; receive every change live over the WebSocket \
                `/api/v1/stream` (JSON text frames: `subscribe`, `unsubscribe`, `ping`; events \
                as envelopes `{"id", "type", "feeds", "data"}`; close codes 1001, 1008, 1009, \
                4008, 4029) or over Server-Sent Events at `/api/v1/stream/sse`, resumed from \
                the last event id. The WebSocket is not an HTTP operation and is not described \
                below; the client contract (API.md) describes its frames.

                Feeds: `home` (the caller's and the followed users' posts; a token is needed), \
                `public`, `user:{userId}` and `tag:{tag}` (readable without a token while \
                `feedline.public-read` is on), `markers` (the caller's read markers \
                changing; streams only) and `notifications` (the caller's notifications made \
                and undone; paged at `/api/v1/notifications`).

                A post answered to a caller with a token (a post, a feed page, a \
                notification) says in `liked` whether the caller likes it; without a token \
                `liked` is absent. The posts in stream events never carry it: an event is \
                the same for every subscriber.

                Every error is `{"error": "<code>", "message": "<human text>"}`. Clients \
                ignore fields they do not know.
                """),
    components =
        @Components(
            securitySchemes =
                @SecurityScheme(
                    securitySchemeName = "bearer",
                    type = SecuritySchemeType.HTTP,
                    scheme = "bearer",
                    bearerFormat = "JWT",
                    description =
                        "A MicroProfile JWT: `sub` (or `upn`) is the user id, `groups` the roles"
                            + " (`user`, `admin`). The SSE stream also takes it as the"
                            + " `access_token` query parameter."),
            responses = {
              @APIResponse(
                  name = "BadRequest",
                  responseCode = "400",
                  description =
                      "`bad_request`: the body or a parameter is not valid or breaks a configured"
                          + " limit, or the method or `Accept` is one the path does not serve"
                          + " (`Allow` names the methods it does). `bad_feed`: an unknown or"
                          + " malformed feed name.",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = "Unauthorized",
                  responseCode = "401",
                  description =
                      "`unauthorized`: a token is needed and none was sent, or the token's"
                          + " signature, issuer, audience or expiry does not verify.",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = "Forbidden",
                  responseCode = "403",
                  description = "`forbidden`: the caller may not do this.",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = "NotFound",
                  responseCode = "404",
                  description = "`not_found`: no such resource.",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = "TooLarge",
                  responseCode = "413",
                  description =
                      "`too_large`: the body is larger than `feedline.http.max-body-bytes`.",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = "UnsupportedMediaType",
                  responseCode = "415",
                  description = "`unsupported_media_type`: the body must be `application/json`.",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = "RateLimited",
                  responseCode = "429",
                  description =
                      "`rate_limited`: too many requests or streams; `Retry-After` says when to"
                          + " try again where it is known.",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(implementation = ApiError.class))),
              @APIResponse(
                  name = "Unavailable",
                  responseCode = "503",
                  description = "`unavailable`: the store is unreachable or the node is draining.",
                  content =
                      @Content(
                          mediaType = MediaType.APPLICATION_JSON,
                          schema = @Schema(implementation = ApiError.class)))
            }))
public class FeedlineApplication extends Application {}
