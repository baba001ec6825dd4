package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI document that client generators read: it is OpenAPI 3.x and describes every REST path
 * of API.md with its parameters, bodies, answers, error statuses and security.
 */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class OpenApiIT {
  /** An operation of API.md: how it is called and which statuses it answers besides success. */
  record Operation(
      String method,
      String path,
      int success,
      Set<Integer> errors,
      Security security,
      List<String> parameters) {
    String name() {
      return method + " " + path;
    }
  }

  /** Whether an operation needs a bearer token, takes one if given, or takes none. */
  enum Security {
    REQUIRED,
    OPTIONAL,
    NONE
  }

  /** Every HTTP operation of API.md (the REST tables, the SSE stream and the admin's view). */
  static final List<Operation> CONTRACT =
      List.of(
          new Operation(
              "post",
              "/api/v1/posts",
              201,
              Set.of(400, 401, 404, 413, 415, 429, 503),
              Security.REQUIRED,
              List.of()),
          new Operation(
              "get",
              "/api/v1/posts/{id}",
              200,
              Set.of(401, 404, 503),
              Security.OPTIONAL,
              List.of("path id")),
          new Operation(
              "patch",
              "/api/v1/posts/{id}",
              200,
              Set.of(400, 401, 403, 404, 413, 415, 503),
              Security.REQUIRED,
              List.of("path id")),
          new Operation(
              "delete",
              "/api/v1/posts/{id}",
              204,
              Set.of(401, 403, 404, 503),
              Security.REQUIRED,
              List.of("path id")),
          new Operation(
              "put",
              "/api/v1/posts/{id}/like",
              204,
              Set.of(401, 404, 503),
              Security.REQUIRED,
              List.of("path id")),
          new Operation(
              "delete",
              "/api/v1/posts/{id}/like",
              204,
              Set.of(401, 404, 503),
              Security.REQUIRED,
              List.of("path id")),
          new Operation(
              "put",
              "/api/v1/following/{userId}",
              204,
              Set.of(400, 401, 503),
              Security.REQUIRED,
              List.of("path userId")),
          new Operation(
              "delete",
              "/api/v1/following/{userId}",
              204,
              Set.of(400, 401, 503),
              Security.REQUIRED,
              List.of("path userId")),
          new Operation(
              "get", "/api/v1/following", 200, Set.of(401, 503), Security.REQUIRED, List.of()),
          new Operation(
              "get", "/api/v1/followers", 200, Set.of(401, 503), Security.REQUIRED, List.of()),
          new Operation(
              "get",
              "/api/v1/feeds/{feed}",
              200,
              Set.of(400, 401, 503),
              Security.OPTIONAL,
              List.of("path feed", "query before", "query limit")),
          new Operation(
              "put",
              "/api/v1/markers/{feed}",
              200,
              Set.of(400, 401, 403, 413, 415, 503),
              Security.REQUIRED,
              List.of("path feed")),
          new Operation(
              "get",
              "/api/v1/markers",
              200,
              Set.of(400, 401, 403, 503),
              Security.REQUIRED,
              List.of("query feed")),
          new Operation(
              "get",
              "/api/v1/notifications",
              200,
              Set.of(400, 401, 503),
              Security.REQUIRED,
              List.of("query before", "query limit", "query types")),
          new Operation(
              "get",
              "/api/v1/notifications/{id}",
              200,
              Set.of(401, 404, 503),
              Security.REQUIRED,
              List.of("path id")),
          new Operation(
              "post",
              "/api/v1/dev/tokens",
              200,
              Set.of(400, 404, 413, 415),
              Security.NONE,
              List.of()),
          new Operation(
              "get", "/api/v1/admin/config", 200, Set.of(401, 403), Security.REQUIRED, List.of()),
          new Operation(
              "get",
              "/api/v1/stream/sse",
              200,
              Set.of(400, 401, 429, 503),
              Security.OPTIONAL,
              List.of("query feed", "header Last-Event-ID", "query since", "query access_token")));

  private final Api api = Api.itServer();
  private JsonObject document;

  @BeforeEach
  void fetchDocument() {
    document = assertJson(api.get("openapi?format=JSON", null), 200);
  }

  @Test
  void documentIsOpenApi3WithInfoAndPaths() {
    assertTrue(document.getString("openapi", "").startsWith("3."), document.get("openapi") + "");
    JsonObject info = document.getJsonObject("info");
    assertEquals("Feedline API", info.getString("title"));
    assertFalse(info.getString("version", "").isBlank(), "info.version");
    String description = info.getString("description", "");
    assertTrue(description.contains("/api/v1/stream"), "the WebSocket is named: " + description);
    assertFalse(document.getJsonObject("paths").isEmpty(), "paths");
  }

  @Test
  void everyOperationOfTheContractIsDocumented() {
    JsonObject paths = document.getJsonObject("paths");
    Set<String> missing = new TreeSet<>();
    for (Operation operation : CONTRACT) {
      JsonObject item = paths.getJsonObject(operation.path());
      if (item == null || !item.containsKey(operation.method())) {
        missing.add(operation.name());
      }
    }
    assertTrue(missing.isEmpty(), "undocumented: " + missing + " among " + paths.keySet());
  }

  @Test
  void everyOperationHasASummaryAndItsSuccessAndErrorAnswers() {
    for (Operation operation : CONTRACT) {
      JsonObject documented = operation(operation);
      assertFalse(documented.getString("summary", "").isBlank(), operation.name() + ": summary");
      JsonObject responses = documented.getJsonObject("responses");
      assertTrue(
          responses.containsKey(Integer.toString(operation.success())),
          operation.name() + " answers " + operation.success() + ": " + responses.keySet());
      for (int status : operation.errors()) {
        JsonValue answer = responses.get(Integer.toString(status));
        assertNotNull(answer, operation.name() + " lists " + status + ": " + responses.keySet());
        JsonObject response = resolve(answer.asJsonObject());
        assertFalse(
            response.getString("description", "").isBlank(),
            operation.name() + " " + status + ": description");
        JsonObject schema =
            resolve(
                response
                    .getJsonObject("content")
                    .getJsonObject("application/json")
                    .getJsonObject("schema"));
        assertEquals(
            Set.of("error", "message"),
            schema.getJsonObject("properties").keySet(),
            operation.name() + " " + status + ": the error body");
        assertTrue(
            strings(schema.getJsonArray("required")).containsAll(Set.of("error", "message")),
            operation.name() + " " + status + ": error and message are required");
      }
    }
  }

  @Test
  void pathQueryAndHeaderParametersAreDocumented() {
    for (Operation operation : CONTRACT) {
      JsonObject documented = operation(operation);
      JsonArray parameters = documented.getJsonArray("parameters");
      Set<String> names =
          parameters == null
              ? Set.of()
              : parameters.stream()
                  .map(p -> resolve(p.asJsonObject()))
                  .map(p -> p.getString("in") + " " + p.getString("name"))
                  .collect(Collectors.toSet());
      assertTrue(
          names.containsAll(operation.parameters()),
          operation.name() + " documents " + operation.parameters() + ": " + names);
    }
  }

  @Test
  void repeatedFeedParametersAreArrays() {
    for (String path : List.of("/api/v1/markers", "/api/v1/stream/sse")) {
      JsonObject feed =
          operation("get", path).getJsonArray("parameters").stream()
              .map(p -> resolve(p.asJsonObject()))
              .filter(p -> p.getString("name").equals("feed"))
              .findFirst()
              .orElseThrow();
      assertEquals("array", type(resolve(feed.getJsonObject("schema"))), path + ": " + feed);
    }
  }

  @Test
  void requestBodiesAndAnswersHaveTheirSchemas() {
    assertBody("post", "/api/v1/posts", Set.of("text", "tags", "inReplyTo"));
    assertBody("patch", "/api/v1/posts/{id}", Set.of("text"));
    assertBody("put", "/api/v1/markers/{feed}", Set.of("position"));
    assertBody("post", "/api/v1/dev/tokens", Set.of("user", "groups"));

    Set<String> post =
        Set.of(
            "id",
            "author",
            "text",
            "tags",
            "createdAt",
            "editedAt",
            "likes",
            "inReplyTo",
            "mentions",
            "liked");
    assertAnswer("post", "/api/v1/posts", "201", post);
    assertAnswer("get", "/api/v1/posts/{id}", "200", post);
    assertAnswer("patch", "/api/v1/posts/{id}", "200", post);
    assertAnswer("get", "/api/v1/feeds/{feed}", "200", Set.of("posts", "next", "position"));
    assertAnswer("get", "/api/v1/following", "200", Set.of("users"));
    assertAnswer("get", "/api/v1/followers", "200", Set.of("users"));
    assertAnswer("get", "/api/v1/markers", "200", Set.of("markers"));
    assertAnswer(
        "put",
        "/api/v1/markers/{feed}",
        "200",
        Set.of("feed", "position", "updatedAt", "unread", "unreadCapped"));
    assertAnswer(
        "get", "/api/v1/notifications", "200", Set.of("notifications", "next", "position"));
    assertAnswer(
        "get",
        "/api/v1/notifications/{id}",
        "200",
        Set.of("id", "type", "actor", "post", "createdAt"));
    assertAnswer("post", "/api/v1/dev/tokens", "200", Set.of("token"));
    assertAnswer("get", "/api/v1/admin/config", "200", Set.of("settings"));
    assertTrue(
        operation("get", "/api/v1/stream/sse")
            .getJsonObject("responses")
            .getJsonObject("200")
            .getJsonObject("content")
            .containsKey("text/event-stream"),
        "the SSE stream answers text/event-stream");
  }

  @Test
  void bearerSecurityIsRequiredOptionalOrAbsentAsTheContractSays() {
    JsonObject scheme =
        document
            .getJsonObject("components")
            .getJsonObject("securitySchemes")
            .getJsonObject("bearer");
    assertEquals("http", scheme.getString("type"));
    assertEquals("bearer", scheme.getString("scheme").toLowerCase());
    assertEquals("JWT", scheme.getString("bearerFormat"));

    for (Operation operation : CONTRACT) {
      JsonArray security = operation(operation).getJsonArray("security");
      Set<String> alternatives =
          security == null
              ? Set.of()
              : security.stream()
                  .map(JsonValue::asJsonObject)
                  .map(r -> String.join("+", new TreeSet<>(r.keySet())))
                  .collect(Collectors.toSet());
      Set<String> expected = operation.security() == Security.NONE ? Set.of() : Set.of("bearer");
      assertEquals(expected, alternatives, operation.name() + ": " + security);
      JsonObject documented = operation(operation);
      assertEquals(
          operation.security() == Security.OPTIONAL,
          documented.getBoolean("x-token-optional", false),
          operation.name() + ": x-token-optional");
      if (operation.security() == Security.OPTIONAL) {
        assertTrue(
            documented.getString("description", "").contains("token"),
            operation.name() + " says when the token may be left out");
      }
    }
    assertEquals(
        Set.of("admin"),
        strings(operation("get", "/api/v1/admin/config").getJsonArray("x-roles")),
        "the admin's view needs the role admin");
  }

  @Test
  void devTokensSayTheyExistOnlyInTheLocalProfile() {
    JsonObject mint = operation("post", "/api/v1/dev/tokens");
    assertTrue(
        mint.getString("description", "").contains("only in the local profile"),
        mint.getString("description", ""));
  }

  @Test
  void yamlAndAcceptJsonFormsAnswerTheSameDocument() {
    Api.Reply yaml = api.get("openapi", null);
    assertEquals(200, yaml.status(), yaml.body());
    Map<String, Object> parsed =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml.body());
    assertTrue(
        String.valueOf(parsed.get("openapi")).startsWith("3."), "YAML: " + parsed.get("openapi"));
    @SuppressWarnings("unchecked")
    Map<String, Object> yamlPaths = (Map<String, Object>) parsed.get("paths");
    assertEquals(document.getJsonObject("paths").keySet(), yamlPaths.keySet());

    Api.Reply json = api.send("GET", "openapi", Map.of("Accept", "application/json"), null);
    assertEquals(200, json.status(), json.body());
    assertEquals(
        document.getJsonObject("paths").keySet(), json.json().getJsonObject("paths").keySet());
  }

  @Test
  void uiAnswersHtml() {
    Api.Reply ui = api.get("openapi/ui", null);
    if (ui.status() == 301 || ui.status() == 302) {
      // Liberty sends /openapi/ui on to /openapi/ui/, as a browser follows.
      String location = ui.header("Location");
      assertTrue(location.contains("/openapi/ui"), "redirected to " + location);
      ui = api.get(api.base().resolve(location).getPath().substring(1), null);
    }
    assertEquals(200, ui.status(), ui.body());
    assertTrue(ui.header("Content-Type").startsWith("text/html"), ui.header("Content-Type"));
  }

  private JsonObject operation(Operation operation) {
    return operation(operation.method(), operation.path());
  }

  private JsonObject operation(String method, String path) {
    JsonObject item = document.getJsonObject("paths").getJsonObject(path);
    assertNotNull(item, path + " is documented");
    JsonObject documented = item.getJsonObject(method);
    assertNotNull(documented, method + " " + path + " is documented");
    return documented;
  }

  private void assertBody(String method, String path, Set<String> properties) {
    JsonObject body = resolve(operation(method, path).getJsonObject("requestBody"));
    JsonObject schema =
        resolve(
            body.getJsonObject("content")
                .getJsonObject("application/json")
                .getJsonObject("schema"));
    assertEquals(properties, schema.getJsonObject("properties").keySet(), method + " " + path);
  }

  private void assertAnswer(String method, String path, String status, Set<String> properties) {
    JsonObject response =
        resolve(operation(method, path).getJsonObject("responses").getJsonObject(status));
    JsonObject schema =
        resolve(
            response
                .getJsonObject("content")
                .getJsonObject("application/json")
                .getJsonObject("schema"));
    assertEquals(
        properties,
        schema.getJsonObject("properties").keySet(),
        method + " " + path + " " + status);
  }

  /** Follows a local {@code $ref} ("#/components/...") to the object it names. */
  private JsonObject resolve(JsonObject object) {
    assertNotNull(object);
    JsonObject current = object;
    for (int hops = 0; current.containsKey("$ref"); hops++) {
      assertTrue(hops < 10, "a $ref cycle at " + object);
      String ref = current.getString("$ref");
      if (!ref.startsWith("#/")) {
        fail("not a local reference: " + ref);
      }
      JsonValue target = document;
      for (String part : ref.substring(2).split("/")) {
        target = target.asJsonObject().get(part.replace("~1", "/").replace("~0", "~"));
        assertNotNull(target, "unresolved " + ref);
      }
      current = target.asJsonObject();
    }
    return current;
  }

  /** A schema's type: "type": "array", or the first non-null of "type": ["array", "null"]. */
  private static String type(JsonObject schema) {
    JsonValue type = schema.get("type");
    if (type instanceof JsonArray types) {
      return strings(types).stream().filter(t -> !t.equals("null")).findFirst().orElse(null);
    }
    return type instanceof JsonString name ? name.getString() : null;
  }

  private static Set<String> strings(JsonArray array) {
    return array == null
        ? Set.of()
        : array.getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .collect(Collectors.toSet());
  }
}
