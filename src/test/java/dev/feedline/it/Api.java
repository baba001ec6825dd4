package dev.feedline.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** A client of one Feedline node's REST API, as a mobile app would use it. */
public final class Api {
  private static final Duration CONNECT_BOUND = Duration.ofSeconds(10);

  /** The longest a request waits for its answer: a hung server fails the test, saying so. */
  public static final Duration ANSWER_BOUND = Duration.ofSeconds(30);

  /** HTTP/1.1, as browsers and phones speak to the service: never the h2c upgrade. */
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_BOUND)
          .build();

  private final URI base;

  public Api(URI base) {
    this.base = base;
  }

  /** The integration tests' server, on the port the build reserved. */
  public static Api itServer() {
    return new Api(
        URI.create("http://127.0.0.1:" + System.getProperty("feedline.it.http.port") + "/"));
  }

  public URI base() {
    return base;
  }

  /** A user name no earlier run used, so tests never see each other's data. */
  public static String uniqueUser(String prefix) {
    return prefix
        + "_"
        + UUID.randomUUID().toString().substring(0, 8)
        + ThreadLocalRandom.current().nextInt(1000);
  }

  /** An answer: status, headers and body. */
  public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
    public JsonObject json() {
      try (JsonReader reader = Json.createReader(new StringReader(body))) {
        return reader.readObject();
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String errorCode() {
      return json().getString("error");
    }
  }

  public Reply send(String method, String path, String token, String contentType, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return send(method, path, headers, body);
  }

  /**
   * Sends a request with exactly the given headers, for requests a well-behaved app never makes.
   */
  public Reply send(String method, String path, Map<String, String> headers, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(ANSWER_BOUND);
    headers.forEach(request::header);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (HttpConnectTimeoutException e) {
      throw new IllegalStateException(
          method
              + " "
              + path
              + ": no connection to "
              + base
              + " within "
              + Poll.span(CONNECT_BOUND),
          e);
    } catch (HttpTimeoutException e) {
      throw new IllegalStateException(
          method + " " + path + ": the server did not answer within " + Poll.span(ANSWER_BOUND), e);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Reply get(String path, String token) {
    return send("GET", path, token, null, null);
  }

  public Reply postJson(String path, String token, String json) {
    return send("POST", path, token, "application/json", json);
  }

  public Reply patchJson(String path, String token, String json) {
    return send("PATCH", path, token, "application/json", json);
  }

  public Reply put(String path, String token) {
    return send("PUT", path, token, null, null);
  }

  public Reply delete(String path, String token) {
    return send("DELETE", path, token, null, null);
  }

  /** A token minted by the local profile for {@code user} in {@code groups}. */
  public String token(String user, String... groups) {
    JsonArray groupArray =
        Json.createArrayBuilder(
                java.util.List.of(groups.length == 0 ? new String[] {"user"} : groups))
            .build();
    String body =
        Json.createObjectBuilder().add("user", user).add("groups", groupArray).build().toString();
    Reply reply = postJson("api/v1/dev/tokens", null, body);
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "Token minting answered " + reply.status() + ": " + reply.body());
    }
    return reply.json().getString("token");
  }

  /** The body of POST /api/v1/posts. */
  public static String postBody(String text, String... tags) {
    var tagArray = Json.createArrayBuilder();
    for (String tag : tags) {
      tagArray.add(tag);
    }
    return Json.createObjectBuilder().add("text", text).add("tags", tagArray).build().toString();
  }

  /** The body of PATCH /api/v1/posts/{id}. */
  public static String editBody(String text) {
    return Json.createObjectBuilder().add("text", text).build().toString();
  }

  /**
   * Creates a post and answers its JSON as every reader and every event has it: without the {@code
   * liked} the author's answer carries (false: nobody can like a post before it exists).
   */
  public JsonObject createPost(String token, String text, String... tags) {
    Reply reply = postJson("api/v1/posts", token, postBody(text, tags));
    if (reply.status() != 201) {
      throw new IllegalStateException("Posting answered " + reply.status() + ": " + reply.body());
    }
    JsonObject post = reply.json();
    if (post.getBoolean("liked", true)) {
      throw new IllegalStateException("A new post answered other than liked: false: " + post);
    }
    return withoutLiked(post);
  }

  /**
   * A post without the caller's {@code liked}: as a reader without a token and the events see it.
   */
  public static JsonObject withoutLiked(JsonObject post) {
    return Json.createObjectBuilder(post).remove("liked").build();
  }

  /** A post as GET /api/v1/posts/{id} answers it. */
  public JsonObject readPost(String id) {
    Reply reply = get("api/v1/posts/" + id, null);
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "Reading post " + id + " answered " + reply.status() + ": " + reply.body());
    }
    return reply.json();
  }

  /** A page of {@code feed}; {@code query} is appended as it is (such as "?limit=2"). */
  public JsonObject feed(String feed, String query, String token) {
    Reply reply = get("api/v1/feeds/" + feed + query, token);
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "Reading feed " + feed + query + " answered " + reply.status() + ": " + reply.body());
    }
    return reply.json();
  }
}
