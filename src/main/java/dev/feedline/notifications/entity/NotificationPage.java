package dev.feedline.notifications.entity;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A page of the caller's notifications, newest first. {@code next} is the {@code before} of the
 * following page (null at the end); {@code position} the newest event id the page reflects.
 */
@Schema(
    description = "A page of the caller's notifications, newest first.",
    requiredProperties = {"notifications", "next", "position"})
public record NotificationPage(
    List<Notification> notifications,
    @Schema(
            nullable = true,
            description = "The `before` of the following page; null on the last page.")
        String next,
    @Schema(
            description =
                "The newest event id the page reflects: subscribe to `notifications` with `since`"
                    + " set to it to miss nothing and see nothing twice.",
            example = "4711")
        String position) {
  public NotificationPage {
    notifications = List.copyOf(notifications);
  }
}
