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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's follows: follow, unfollow, and who follows whom. */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "follows", description = "The caller's follow graph.")
@SecurityRequirement(name = "bearer")
public class FollowsResource {
  private static final String USER_ID = "The user id, `[A-Za-z0-9_.-]{1,64}`, not the caller's.";

  /** A list of user ids. */
  @Schema(description = "User ids.", requiredProperties = "users")
  public record Users(List<String> users) {}

  @Inject CurrentCaller caller;
  @Inject FollowStore store;
  @Inject EventPublisher events;

  @PUT
  @Path("following/{userId}")
  @Operation(
      summary = "Follow a user",
      description = "Idempotent. Their new posts reach the caller's `home` from now on.")
  @APIResponse(responseCode = "204", description = "The caller follows the user.")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Response follow(
      @Parameter(description = USER_ID, example = "bob") @PathParam("userId") String userId) {
    Caller follower = caller.require();
    checkTarget(follower, userId);
    store.follow(follower.userId(), userId).forEach(events::publish);
    return Response.noContent().build();
  }

  @DELETE
  @Path("following/{userId}")
  @Operation(
      summary = "Unfollow a user",
      description = "Idempotent. Their posts stop reaching the caller's `home`.")
  @APIResponse(responseCode = "204", description = "The caller does not follow the user.")
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Response unfollow(
      @Parameter(description = USER_ID, example = "bob") @PathParam("userId") String userId) {
    Caller follower = caller.require();
    checkTarget(follower, userId);
    store.unfollow(follower.userId(), userId).forEach(events::publish);
    return Response.noContent().build();
  }

  @GET
  @Path("following")
  @Operation(summary = "Whom the caller follows")
  @APIResponse(
      responseCode = "200",
      description = "The user ids the caller follows.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Users.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Users following() {
    return new Users(store.following(caller.require().userId()));
  }

  @GET
  @Path("followers")
  @Operation(summary = "Who follows the caller")
  @APIResponse(
      responseCode = "200",
      description = "The user ids that follow the caller.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Users.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "503", ref = "Unavailable")
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
