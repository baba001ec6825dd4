package dev.feedline.posts.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.api.JsonBodies;
import dev.feedline.auth.boundary.CurrentCaller;
import dev.feedline.auth.entity.Caller;
import dev.feedline.bus.control.EventPublisher;
import dev.feedline.events.entity.Ids;
import dev.feedline.posts.control.LikeStore;
import dev.feedline.posts.control.PostAccess;
import dev.feedline.posts.control.PostChange;
import dev.feedline.posts.control.PostRules;
import dev.feedline.posts.control.PostStore;
import dev.feedline.posts.control.PostingLimit;
import dev.feedline.posts.entity.NewPost;
import dev.feedline.posts.entity.Post;
import dev.feedline.posts.entity.PostEdit;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Posts: create, read, edit, delete, like. Decodes and authorizes; the store does the work. */
@Path("posts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "posts", description = "Posting, editing, deleting and liking.")
public class PostsResource {
  private static final String ID = "The post's id.";

  @Inject CurrentCaller caller;
  @Inject JsonBodies bodies;
  @Inject PostRules rules;
  @Inject PostStore store;
  @Inject LikeStore likes;
  @Inject PostingLimit limit;
  @Inject PostAccess access;
  @Inject EventPublisher events;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Create a post",
      description =
          "Tags come from `tags` and from the text's `#words`, lower-cased; mentions from its"
              + " `@names`. A text, tag or mention count over a configured limit is refused, never"
              + " cut. `inReplyTo` names the post this one replies to: an unknown or deleted post"
              + " is 404; its author is notified (`reply`), as is each person mentioned"
              + " (`mention`).")
  @SecurityRequirement(name = "bearer")
  @APIResponse(
      responseCode = "201",
      description = "Created; `Location` is the post's URL.",
      headers =
          @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Post.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "TooLarge")
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  @APIResponse(responseCode = "429", ref = "RateLimited")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Response create(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = NewPost.class)))
          InputStream body,
      @Context UriInfo uri) {
    Caller author = caller.require();
    limit.check(author.userId());
    NewPost request = bodies.read(body, NewPost.class);
    String text = rules.text(request.text());
    List<String> explicit = rules.explicitTags(request.tags());
    List<String> tags = rules.allTags(explicit, text);
    List<String> mentions = rules.mentions(text);
    Long inReplyTo = request.inReplyTo() == null ? null : parseId(request.inReplyTo());
    PostChange change = store.create(author.userId(), text, explicit, tags, mentions, inReplyTo);
    change.events().forEach(events::publish);
    return Response.created(uri.getAbsolutePathBuilder().path(change.post().id()).build())
        .entity(change.post())
        .build();
  }

  @GET
  @Path("{id}")
  @Operation(
      summary = "Read a post",
      description = "Needs no token while `feedline.public-read` is on (the default).")
  // The token is optional here; Liberty's validator refuses the empty requirement ({}) that would
  // say so, so the description says it and x-token-optional marks it.
  @SecurityRequirement(name = "bearer")
  @Extension(name = "x-token-optional", value = "true", parseValue = true)
  @APIResponse(
      responseCode = "200",
      description = "The post.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Post.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Post read(@Parameter(description = ID, example = "4711") @PathParam("id") String id) {
    Optional<Caller> reader = caller.get();
    access.checkRead("posts", reader);
    return store
        .find(parseId(id), reader.map(Caller::userId).orElse(null))
        .orElseThrow(() -> ApiException.notFound("No post " + id + "."));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Edit a post's text", description = "Only its author may edit a post.")
  @SecurityRequirement(name = "bearer")
  @APIResponse(
      responseCode = "200",
      description = "The edited post.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Post.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "TooLarge")
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Post edit(
      @Parameter(description = ID, example = "4711") @PathParam("id") String id,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = PostEdit.class)))
          InputStream body) {
    Caller editor = caller.require();
    long postId = parseId(id);
    String text = rules.text(bodies.read(body, PostEdit.class).text());
    PostChange change = store.edit(postId, editor.userId(), text, rules);
    change.events().forEach(events::publish);
    return change.post();
  }

  @DELETE
  @Path("{id}")
  @Operation(
      summary = "Delete a post",
      description = "Its author or an admin (role `admin`) may delete a post.")
  @SecurityRequirement(name = "bearer")
  @APIResponse(responseCode = "204", description = "Deleted.")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Response delete(
      @Parameter(description = ID, example = "4711") @PathParam("id") String id) {
    Caller user = caller.require();
    store.delete(parseId(id), user.userId(), user.isAdmin()).events().forEach(events::publish);
    return Response.noContent().build();
  }

  @PUT
  @Path("{id}/like")
  @Operation(summary = "Like a post", description = "Idempotent: liking twice counts once.")
  @SecurityRequirement(name = "bearer")
  @APIResponse(responseCode = "204", description = "The caller likes the post.")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Response like(@Parameter(description = ID, example = "4711") @PathParam("id") String id) {
    Caller user = caller.require();
    likes.like(parseId(id), user.userId()).ifPresent(c -> c.events().forEach(events::publish));
    return Response.noContent().build();
  }

  @DELETE
  @Path("{id}/like")
  @Operation(summary = "Take back a like", description = "Idempotent.")
  @SecurityRequirement(name = "bearer")
  @APIResponse(responseCode = "204", description = "The caller does not like the post.")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "503", ref = "Unavailable")
  public Response unlike(
      @Parameter(description = ID, example = "4711") @PathParam("id") String id) {
    Caller user = caller.require();
    likes.unlike(parseId(id), user.userId()).ifPresent(c -> c.events().forEach(events::publish));
    return Response.noContent().build();
  }

  /** A post id is a positive decimal of ASCII digits; anything else names no post. */
  static long parseId(String id) {
    long value = Ids.parse(id).orElse(0);
    if (value > 0) {
      return value;
    }
    throw ApiException.notFound("No such post.");
  }
}
