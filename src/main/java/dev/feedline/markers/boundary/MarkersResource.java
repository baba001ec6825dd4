package dev.feedline.markers.boundary;

import dev.feedline.api.JsonBodies;
import dev.feedline.auth.boundary.CurrentCaller;
import dev.feedline.auth.entity.Caller;
import dev.feedline.bus.control.EventPublisher;
import dev.feedline.feeds.control.FeedAccess;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.markers.control.MarkerStore;
import dev.feedline.markers.entity.Marker;
import dev.feedline.markers.entity.MarkerPosition;
import dev.feedline.markers.entity.MarkerSet;
import dev.feedline.metrics.control.FeedlineMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read markers of the caller: PUT /markers/{feed} moves one forward, GET /markers reads them. */
@Path("markers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "markers", description = "The caller's read markers (API 1.1).")
@SecurityRequirement(name = "bearer")
public class MarkersResource {
  @Inject CurrentCaller caller;
  @Inject JsonBodies bodies;
  @Inject FeedAccess access;
  @Inject MarkerStore store;
  @Inject EventPublisher events;
  @Inject FeedlineMetrics metrics;

  @PUT
  @Path("{feed}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Move a read marker forward",
      description =
          "A marker only moves forward: a position at or below the stored one changes nothing"
              + " and answers the stored marker. Each move is a `marker.updated` event on the"
              + " caller's `markers` feed.")
  @APIResponse(
      responseCode = "200",
      description = "The marker as stored.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Marker.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "413", ref = "TooLarge")
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Marker move(
      @Parameter(
              description =
                  "A feed the caller may read: `home`, `public`, `user:{userId}`, `tag:{tag}` or"
                      + " `notifications` (`:` may be sent as `%3A`); `markers` itself is"
                      + " `bad_feed`.",
              example = "home")
          @PathParam("feed")
          String name,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = MarkerPosition.class)))
          InputStream body) {
    Caller user = caller.require();
    Feed feed = readable(name, user);
    long position = MarkerStore.parsePosition(bodies.read(body, MarkerPosition.class).position());
    MarkerStore.Move move = store.move(user.userId(), feed, position);
    metrics.markerWritten(move.event().isPresent());
    move.event().ifPresent(events::publish);
    return move.marker();
  }

  @GET
  @Operation(
      summary = "Read the caller's markers",
      description = "Of the named feeds, or all of the caller's markers when none is named.")
  @APIResponse(
      responseCode = "200",
      description = "The markers by feed; feeds without a marker are absent.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MarkerSet.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public MarkerSet read(
      @Parameter(
              description = "A feed name; repeat it for more feeds (`?feed=home&feed=tag:java`).",
              example = "home")
          @QueryParam("feed")
          List<String> names) {
    Caller user = caller.require();
    List<Feed> feeds = new ArrayList<>();
    for (String name : names) {
      feeds.add(readable(name, user));
    }
    return new MarkerSet(store.read(user.userId(), feeds));
  }

  private Feed readable(String name, Caller user) {
    Feed feed = FeedAccess.parseWithMarker(name);
    access.checkRead(feed, Optional.of(user));
    return feed;
  }
}
