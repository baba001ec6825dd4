package dev.feedline.posts.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.api.JsonBodies;
import dev.feedline.auth.boundary.CurrentCaller;
import dev.feedline.auth.entity.Caller;
import dev.feedline.bus.control.EventPublisher;
import dev.feedline.posts.control.PostAccess;
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

/** Posts: create, read, edit, delete, like. Decodes and authorizes; the store does the work. */
@Path("posts")
@Produces(MediaType.APPLICATION_JSON)
public class PostsResource {
  @Inject CurrentCaller caller;
  @Inject JsonBodies bodies;
  @Inject PostRules rules;
  @Inject PostStore store;
  @Inject PostingLimit limit;
  @Inject PostAccess access;
  @Inject EventPublisher events;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(InputStream body, @Context UriInfo uri) {
    Caller author = caller.require();
    limit.check(author.userId());
    NewPost request = bodies.read(body, NewPost.class);
    String text = rules.text(request.text());
    List<String> explicit = rules.explicitTags(request.tags());
    List<String> tags = rules.allTags(explicit, text);
    PostStore.Change change = store.create(author.userId(), text, explicit, tags);
    events.publish(change.event());
    return Response.created(uri.getAbsolutePathBuilder().path(change.post().id()).build())
        .entity(change.post())
        .build();
  }

  @GET
  @Path("{id}")
  public Post read(@PathParam("id") String id) {
    access.checkRead("posts", caller.get());
    return store.find(parseId(id)).orElseThrow(() -> ApiException.notFound("No post " + id + "."));
  }

  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Post edit(@PathParam("id") String id, InputStream body) {
    Caller editor = caller.require();
    long postId = parseId(id);
    String text = rules.text(bodies.read(body, PostEdit.class).text());
    PostStore.Change change = store.edit(postId, editor.userId(), text, rules);
    events.publish(change.event());
    return change.post();
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    Caller user = caller.require();
    events.publish(store.delete(parseId(id), user.userId(), user.isAdmin()));
    return Response.noContent().build();
  }

  @PUT
  @Path("{id}/like")
  public Response like(@PathParam("id") String id) {
    Caller user = caller.require();
    store.like(parseId(id), user.userId()).ifPresent(events::publish);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{id}/like")
  public Response unlike(@PathParam("id") String id) {
    Caller user = caller.require();
    store.unlike(parseId(id), user.userId()).ifPresent(events::publish);
    return Response.noContent().build();
  }

  static long parseId(String id) {
    try {
      long value = Long.parseLong(id);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // not a post id: answered below
    }
    throw ApiException.notFound("No post " + id + ".");
  }
}
