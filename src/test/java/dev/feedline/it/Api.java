package dev.feedline.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** A client of one Feedline node's REST API, as a mobile app would use it. */
public final class Api {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

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
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers(), response.body());
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

  /** Creates a post and answers its JSON. */
  public JsonObject createPost(String token, String text, String... tags) {
    var tagArray = Json.createArrayBuilder();
    for (String tag : tags) {
      tagArray.add(tag);
    }
    String body =
        Json.createObjectBuilder().add("text", text).add("tags", tagArray).build().toString();
    Reply reply = postJson("api/v1/posts", token, body);
    if (reply.status() != 201) {
      throw new IllegalStateException("Posting answered " + reply.status() + ": " + reply.body());
    }
    return reply.json();
  }
}
