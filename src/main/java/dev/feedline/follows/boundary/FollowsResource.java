package dev.feedline.follows.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.boundary.CurrentCaller;
import dev.feedline.auth.entity.Caller;
import dev.feedline.bus.control.EventPublisher;
import dev.feedline.follows.control.FollowStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The caller's follows: follow, unfollow, and who follows whom. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class FollowsResource {
  /** A list of user ids. */
  public record Users(List<String> users) {}

  @Inject CurrentCaller caller;
  @Inject FollowStore store;
  @Inject EventPublisher events;

  @PUT
  @Path("following/{userId}")
  public Response follow(@PathParam("userId") String userId) {
    Caller follower = caller.require();
    checkTarget(follower, userId);
    store.follow(follower.userId(), userId).ifPresent(events::publish);
    return Response.noContent().build();
  }

  @DELETE
  @Path("following/{userId}")
  public Response unfollow(@PathParam("userId") String userId) {
    Caller follower = caller.require();
    checkTarget(follower, userId);
    store.unfollow(follower.userId(), userId).ifPresent(events::publish);
    return Response.noContent().build();
  }

  @GET
  @Path("following")
  public Users following() {
    return new Users(store.following(caller.require().userId()));
  }

  @GET
  @Path("followers")
  public Users followers() {
    return new Users(store.followers(caller.require().userId()));
  }

  private static void checkTarget(Caller follower, String userId) {
    if (!Caller.validUserId(userId)) {
      throw ApiException.badRequest("A user id matches [A-Za-z0-9_.-]{1,64}.");
    }
    if (userId.equals(follower.userId())) {
      throw ApiException.badRequest(
          "Home always shows your own posts; you cannot follow yourself.");
    }
  }
}
