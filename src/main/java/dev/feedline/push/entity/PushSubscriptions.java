package dev.feedline.push.entity;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The caller's push subscriptions. */
@Schema(description = "The caller's push subscriptions.", requiredProperties = "subscriptions")
public record PushSubscriptions(List<PushSubscription> subscriptions) {}
