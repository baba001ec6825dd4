package dev.feedline.feeds.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.boundary.CurrentCaller;
import dev.feedline.auth.entity.Caller;
import dev.feedline.feeds.control.FeedAccess;
import dev.feedline.feeds.control.FeedQuery;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.feeds.entity.FeedPage;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Feed pages: GET /feeds/{feed}?before={postId}&amp;limit={n}. */
@Path("feeds")
@Produces(MediaType.APPLICATION_JSON)
public class FeedsResource {
  @Inject CurrentCaller caller;
  @Inject FeedAccess access;
  @Inject FeedQuery query;

  @Inject
  @ConfigProperty(name = "feedline.feeds.default-page-size")
  int defaultPageSize;

  @Inject
  @ConfigProperty(name = "feedline.feeds.max-page-size")
  int maxPageSize;

  @GET
  @Path("{feed}")
  public FeedPage page(
      @PathParam("feed") String name,
      @QueryParam("before") String before,
      @QueryParam("limit") String limit) {
    Feed feed = FeedAccess.parseWithPosts(name);
    access.checkRead(feed, caller.get());
    String owner = caller.get().map(Caller::userId).orElse(null);
    return query.page(feed, owner, parseBefore(before), parseLimit(limit));
  }

  private static Long parseBefore(String before) {
    if (before == null || before.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(before);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("before must be a post id.");
    }
  }

  private int parseLimit(String limit) {
    if (limit == null || limit.isEmpty()) {
      return defaultPageSize;
    }
    int value;
    try {
      value = Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit must be a whole number.");
    }
    if (value < 1 || value > maxPageSize) {
      throw ApiException.badRequest("limit must be from 1 to " + maxPageSize + ".");
    }
    return value;
  }
}
