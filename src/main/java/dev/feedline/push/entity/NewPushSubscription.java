package dev.feedline.push.entity;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A device's subscription as a browser's {@code PushSubscription.toJSON()} gives it, and types. */
@Schema(
    description = "A push subscription to make.",
    requiredProperties = {"endpoint", "keys"})
public record NewPushSubscription(
    @Schema(
            description =
                "The push service URL: `https://`, not to a loopback, private or link-local"
                    + " address.",
            example = "https://push.example.net/send/abc123")
        String endpoint,
    @Schema(description = "The subscription's keys (RFC 8291).") Keys keys,
    @Schema(
            description = "Notification types to push: `mention`, `reply`, `follow`, `like`.",
            example = "[\"mention\", \"reply\"]",
            nullable = true)
        List<String> types) {

  /** The keys of a browser's push subscription, base64url. */
  @Schema(
      description = "Base64url keys.",
      requiredProperties = {"p256dh", "auth"})
  public record Keys(
      @Schema(description = "The device's P-256 public key, 65 bytes.") String p256dh,
      @Schema(description = "The authentication secret, 16 bytes.") String auth) {}
}
