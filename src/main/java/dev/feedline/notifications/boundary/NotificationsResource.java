package dev.feedline.notifications.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.boundary.CurrentCaller;
import dev.feedline.events.entity.Ids;
import dev.feedline.events.entity.NotificationType;
import dev.feedline.feeds.control.FeedSettings;
import dev.feedline.notifications.control.NotificationStore;
import dev.feedline.notifications.entity.Notification;
import dev.feedline.notifications.entity.NotificationPage;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's notifications: GET /notifications and GET /notifications/{id}. */
@Path("notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications", description = "What others did to the caller.")
public class NotificationsResource {
  @Inject CurrentCaller caller;
  @Inject NotificationStore store;
  @Inject FeedSettings settings;

  @GET
  @Operation(
      summary = "Read a page of the caller's notifications",
      description =
          "Newest first. Page on with the answer's `next` as `before`; subscribe to the"
              + " `notifications` feed with `since` set to `position` to follow it live.")
  @SecurityRequirement(name = "bearer")
  @APIResponse(
      responseCode = "200",
      description = "The page.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = NotificationPage.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public NotificationPage page(
      @Parameter(
              description = "Only notifications older than this one: the previous page's `next`.",
              schema = @Schema(type = SchemaType.STRING, pattern = "^[0-9]+$"))
          @QueryParam("before")
          String before,
      @Parameter(
              description =
                  "Page size, 1 to `feedline.feeds.max-page-size` (default"
                      + " `feedline.feeds.default-page-size`).",
              schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
          @QueryParam("limit")
          String limit,
      @Parameter(
              description =
                  "Only these types, comma-separated: `like`, `follow`, `mention`, `reply`"
                      + " (default all); another name is 400.",
              example = "mention,reply")
          @QueryParam("types")
          String types) {
    String recipient = caller.require().userId();
    return store.page(recipient, parseBefore(before), settings.pageSize(limit), parseTypes(types));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Read one of the caller's notifications")
  @SecurityRequirement(name = "bearer")
  @APIResponse(
      responseCode = "200",
      description = "The notification.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Notification.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Notification read(
      @Parameter(description = "The notification's id.", example = "17") @PathParam("id")
          String id) {
    String recipient = caller.require().userId();
    long value = Ids.parse(id).orElse(0);
    // Another person's notification is answered as one that does not exist: ids reveal nothing.
    return (value > 0 ? store.find(recipient, value) : Optional.<Notification>empty())
        .orElseThrow(() -> ApiException.notFound("No notification " + id + "."));
  }

  private static Long parseBefore(String before) {
    if (before == null || before.isEmpty()) {
      return null;
    }
    return Ids.parse(before)
        .orElseThrow(() -> ApiException.badRequest("before must be a notification id."));
  }

  static Set<NotificationType> parseTypes(String types) {
    Set<NotificationType> parsed = EnumSet.noneOf(NotificationType.class);
    if (types == null || types.isEmpty()) {
      return parsed;
    }
    for (String name : types.split(",", -1)) {
      parsed.add(
          NotificationType.fromWireName(name.strip())
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "types is a comma list of like, follow, mention and reply.")));
    }
    return parsed;
  }
}
