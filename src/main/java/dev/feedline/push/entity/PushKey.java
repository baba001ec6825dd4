package dev.feedline.push.entity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The service's VAPID public key, which browsers subscribe with. */
@Schema(description = "The applicationServerKey for PushManager.subscribe.")
public record PushKey(
    @Schema(description = "Base64url of the 65-byte uncompressed P-256 point.") String publicKey) {}
