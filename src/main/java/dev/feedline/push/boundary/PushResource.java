package dev.feedline.push.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.api.JsonBodies;
import dev.feedline.auth.boundary.CurrentCaller;
import dev.feedline.push.control.PushEndpoints;
import dev.feedline.push.control.PushSettings;
import dev.feedline.push.control.PushSubscriptionStore;
import dev.feedline.push.control.SubscriptionKeys;
import dev.feedline.push.control.VapidSigner;
import dev.feedline.push.entity.NewPushSubscription;
import dev.feedline.push.entity.PushKey;
import dev.feedline.push.entity.PushSubscription;
import dev.feedline.push.entity.PushSubscriptions;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Web Push (API 1.2): the key browsers subscribe with, and the caller's device subscriptions. The
 * answers and errors are documented in openapi.yaml. Without a VAPID key pair and contact every
 * path answers 503.
 */
@Path("push")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "push", description = "Push to devices that are not connected (API 1.2).")
public class PushResource {
  /** The notification types a subscription may ask for, in API.md's order. */
  static final List<String> TYPES = List.of("mention", "reply", "follow", "like");

  @Inject CurrentCaller caller;
  @Inject JsonBodies bodies;
  @Inject PushSettings settings;
  @Inject PushSubscriptionStore store;

  @GET
  @Path("key")
  @Operation(summary = "The VAPID public key (applicationServerKey); no token needed")
  @APIResponse(
      responseCode = "200",
      description = "The key.",
      content = @Content(schema = @Schema(implementation = PushKey.class)))
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public PushKey key() {
    return new PushKey(signer().publicKey());
  }

  @POST
  @Path("subscriptions")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Subscribe a device",
      description =
          "The same endpoint again replaces its subscription (200), whoever held it. `types` is"
              + " optional (all four). The endpoint must be `https://` to a host that is not a"
              + " loopback, private or link-local address (the local profile also takes"
              + " `http://` on loopback); `p256dh` a P-256 point, `auth` 16 bytes; else 400.")
  @SecurityRequirement(name = "bearer")
  @APIResponse(
      responseCode = "201",
      description = "Subscribed.",
      content = @Content(schema = @Schema(implementation = PushSubscription.class)))
  @APIResponse(
      responseCode = "200",
      description = "Replaced the subscription with the same endpoint.",
      content = @Content(schema = @Schema(implementation = PushSubscription.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "413", ref = "TooLarge")
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Response subscribe(
      @RequestBody(
              required = true,
              content = @Content(schema = @Schema(implementation = NewPushSubscription.class)))
          InputStream body) {
    signer();
    String user = caller.require().userId();
    NewPushSubscription request = bodies.read(body, NewPushSubscription.class);
    URI endpoint = PushEndpoints.parse(request.endpoint(), settings.local());
    PushEndpoints.checkTarget(endpoint, settings.local());
    if (request.keys() == null) {
      throw ApiException.badRequest("keys (p256dh and auth) are required.");
    }
    SubscriptionKeys keys = SubscriptionKeys.parse(request.keys().p256dh(), request.keys().auth());
    PushSubscriptionStore.Saved saved =
        store.subscribe(
            user,
            request.endpoint(),
            keys,
            types(request.types()),
            settings.maxSubscriptionsPerUser());
    return Response.status(saved.replaced() ? 200 : 201).entity(saved.subscription()).build();
  }

  @GET
  @Path("subscriptions")
  @Operation(summary = "The caller's push subscriptions")
  @SecurityRequirement(name = "bearer")
  @APIResponse(
      responseCode = "200",
      description = "The caller's subscriptions, oldest first.",
      content = @Content(schema = @Schema(implementation = PushSubscriptions.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public PushSubscriptions list() {
    signer();
    return new PushSubscriptions(store.list(caller.require().userId()));
  }

  @DELETE
  @Path("subscriptions/{id}")
  @Operation(summary = "Delete one of the caller's push subscriptions")
  @SecurityRequirement(name = "bearer")
  @APIResponse(responseCode = "204", description = "Deleted.")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Response delete(@PathParam("id") String id) {
    signer();
    String user = caller.require().userId();
    long number;
    try {
      number = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("No push subscription " + id + " of yours.");
    }
    store.delete(user, number);
    return Response.noContent().build();
  }

  private VapidSigner signer() {
    return settings
        .signer()
        .orElseThrow(
            () ->
                ApiException.unavailable(
                    "Push is not offered: this service has no VAPID key pair and contact."));
  }

  /** The types asked for, checked; none given means all four. */
  static List<String> types(List<String> asked) {
    if (asked == null) {
      return TYPES;
    }
    if (asked.isEmpty()) {
      throw ApiException.badRequest("types names no type; leave it out for all four.");
    }
    Set<String> types = new LinkedHashSet<>();
    for (String type : asked) {
      if (!TYPES.contains(type)) {
        throw ApiException.badRequest(
            "Unknown notification type '"
                + (type == null ? "null" : type.length() > 32 ? type.substring(0, 32) : type)
                + "'; types are mention, reply, follow and like.");
      }
      types.add(type);
    }
    return new ArrayList<>(types);
  }
}
