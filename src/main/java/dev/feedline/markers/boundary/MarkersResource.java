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

/** Read markers of the caller: PUT /markers/{feed} moves one forward, GET /markers reads them. */
@Path("markers")
@Produces(MediaType.APPLICATION_JSON)
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
  public Marker move(@PathParam("feed") String name, InputStream body) {
    Caller user = caller.require();
    Feed feed = readable(name, user);
    long position = MarkerStore.parsePosition(bodies.read(body, MarkerPosition.class).position());
    MarkerStore.Move move = store.move(user.userId(), feed, position);
    metrics.markerWritten(move.event().isPresent());
    move.event().ifPresent(events::publish);
    return move.marker();
  }

  @GET
  public MarkerSet read(@QueryParam("feed") List<String> names) {
    Caller user = caller.require();
    List<Feed> feeds = new ArrayList<>();
    for (String name : names) {
      feeds.add(readable(name, user));
    }
    return new MarkerSet(store.read(user.userId(), feeds));
  }

  private Feed readable(String name, Caller user) {
    Feed feed = FeedAccess.parseWithPosts(name);
    access.checkRead(feed, Optional.of(user));
    return feed;
  }
}
