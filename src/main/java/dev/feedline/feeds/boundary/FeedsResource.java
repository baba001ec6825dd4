package dev.feedline.feeds.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.boundary.CurrentCaller;
import dev.feedline.auth.entity.Caller;
import dev.feedline.events.entity.Ids;
import dev.feedline.feeds.control.FeedAccess;
import dev.feedline.feeds.control.FeedQuery;
import dev.feedline.feeds.control.FeedSettings;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.feeds.entity.FeedPage;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Feed pages: GET /feeds/{feed}?before={postId}&amp;limit={n}. */
@Path("feeds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "feeds", description = "Pages of the feeds.")
public class FeedsResource {
  @Inject CurrentCaller caller;
  @Inject FeedAccess access;
  @Inject FeedQuery query;
  @Inject FeedSettings settings;

  @GET
  @Path("{feed}")
  @Operation(
      summary = "Read a page of a feed",
      description =
          "Newest first. `home` needs the caller's token; `public`, `user:{userId}` and"
              + " `tag:{tag}` need none while `feedline.public-read` is on. Page on with the"
              + " answer's `next` as `before`.")
  // The token is optional here; Liberty's validator refuses the empty requirement ({}) that would
  // say so, so the description says it and x-token-optional marks it.
  @SecurityRequirement(name = "bearer")
  @Extension(name = "x-token-optional", value = "true", parseValue = true)
  @APIResponse(
      responseCode = "200",
      description = "The page.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = FeedPage.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public FeedPage page(
      @Parameter(
              description =
                  "`home`, `public`, `user:{userId}` or `tag:{tag}` (`:` may be sent as `%3A`);"
                      + " anything else is `bad_feed`.",
              example = "tag:java")
          @PathParam("feed")
          String name,
      @Parameter(
              description = "Only posts older than this post id: the previous page's `next`.",
              schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9]+$"))
          @QueryParam("before")
          String before,
      @Parameter(
              description =
                  "Page size, 1 to `feedline.feeds.max-page-size` (default"
                      + " `feedline.feeds.default-page-size`).",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
          @QueryParam("limit")
          String limit) {
    Feed feed = FeedAccess.parseWithPosts(name);
    access.checkRead(feed, caller.get());
    String owner = caller.get().map(Caller::userId).orElse(null);
    return query.page(feed, owner, parseBefore(before), settings.pageSize(limit));
  }

  private static Long parseBefore(String before) {
    if (before == null || before.isEmpty()) {
      return null;
    }
    return Ids.parse(before)
        .orElseThrow(() -> ApiException.badRequest("before must be a post id."));
  }
}
