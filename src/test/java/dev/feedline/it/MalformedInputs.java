package dev.feedline.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Malformed inputs for every way into the service, each with the answer API.md fixes for it: REST
 * bodies, paths and parameters, tokens, WebSocket frames and SSE parameters. The same seed makes
 * the same inputs; {@link #fixed} are the cases seen in the field, always run.
 */
public final class MalformedInputs {
  /** API.md's closed list of error codes. */
  public static final List<String> CODES =
      List.of(
          "bad_request",
          "bad_feed",
          "unauthorized",
          "forbidden",
          "not_found",
          "too_large",
          "unsupported_media_type",
          "rate_limited",
          "unavailable");

  /** The IT server's limits (microprofile-config.properties). */
  static final int MAX_BODY_BYTES = 16384;

  static final int MAX_FRAME_BYTES = 4096;
  static final int MAX_BAD_FRAMES = 10;
  static final int MAX_SUBSCRIPTIONS = 50;

  /** What the run knows before generating: a user, its tokens and one of its posts. */
  public record Fixture(
      String token, String postId, String expiredToken, String foreignToken, String noneToken) {}

  /** An input and its expected answer. */
  public sealed interface Case {
    String name();
  }

  /**
   * An HTTP request and its answer: {@code status}, and the error {@code code} of the JSON body
   * (null for a success), and the Allow header when it must name the allowed methods.
   */
  public record HttpCase(
      String name,
      String method,
      String target,
      Map<String, String> headers,
      byte[] body,
      int status,
      String code,
      String allow)
      implements Case {}

  /** A WebSocket message part: text or binary, the last of its message or not. */
  public record Part(String text, byte[] binary, boolean last) {
    static Part text(String text) {
      return new Part(text, null, true);
    }

    static Part binary(byte[] bytes, boolean last) {
      return new Part(null, bytes, last);
    }

    static Part fragment(String text, boolean last) {
      return new Part(text, null, last);
    }
  }

  /**
   * A WebSocket connection (with {@code token}, may be null) that sends {@code parts}, answered
   * with an error frame of {@code frameCode} after which it stays open, or closed with {@code
   * closeCode}.
   */
  public record SocketCase(
      String name, String token, List<Part> parts, String frameCode, int closeCode)
      implements Case {}

  private final Random random;
  private final Fixture fixture;
  private final List<Function<Random, Case>> templates = new ArrayList<>();

  public MalformedInputs(long seed, Fixture fixture) {
    this.random = new Random(seed);
    this.fixture = fixture;
    add(3, this::truncatedBody);
    add(3, this::wrongType);
    add(2, this::deepBody);
    add(1, this::hugeBody);
    add(3, this::oddUnicode);
    add(2, this::mediaType);
    add(2, this::notJson);
    add(2, this::devToken);
    add(2, this::markerPosition);
    add(3, this::badFeed);
    add(3, this::oddEncoding);
    add(2, this::overlongPath);
    add(3, this::badPostId);
    add(3, this::badCursor);
    add(1, this::badQuery);
    add(3, this::badToken);
    add(2, this::methodNotServed);
    add(4, this::badFrame);
    add(2, this::oversizedMessage);
    add(1, this::repeatedBadFrames);
    add(1, this::badUpgradeToken);
    add(3, this::badSse);
  }

  private void add(int weight, Function<Random, Case> template) {
    for (int i = 0; i < weight; i++) {
      templates.add(template);
    }
  }

  /** The next {@code count} generated cases. */
  public List<Case> generate(int count) {
    List<Case> cases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      cases.add(templates.get(random.nextInt(templates.size())).apply(random));
    }
    return cases;
  }

  /** The inputs reported against the service, each answered wrongly once. */
  public List<Case> fixed() {
    String deep = "[".repeat(1000) + "]".repeat(1000);
    String deepTags = "{\"text\":\"deep\",\"tags\":" + deep + "}";
    List<Case> cases = new ArrayList<>();
    cases.add(post("nested 1,000 deep", deep, 400, "bad_request"));
    cases.add(post("tags nested 1,000 deep", deepTags, 400, "bad_request"));
    cases.add(edit("edit nested 1,000 deep", deepTags, 400, "bad_request"));
    cases.add(post("text a number", "{\"text\": 42}", 400, "bad_request"));
    cases.add(post("a tag a number", "{\"text\":\"t\",\"tags\":[42]}", 400, "bad_request"));
    cases.add(
        json("POST", "/api/v1/dev/tokens", null, "{\"user\": 42}", "dev token user a number"));
    cases.add(get("post id in Arabic-Indic digits", "/api/v1/posts/%D9%A1", 404, "not_found"));
    cases.add(get("post id with a sign", "/api/v1/posts/+1", 404, "not_found"));
    cases.add(get("api root", "/api", 404, "not_found"));
    cases.add(get("another version", "/api/v2/posts", 404, "not_found"));
    cases.add(get("unknown health check", "/health/nope", 404, "not_found"));
    cases.add(http("HEAD unknown", "HEAD", "/nope", Map.of(), null, 404, "not_found", null));
    for (String type : List.of("json", "application/", ";;;")) {
      cases.add(
          http(
              "Content-Type " + type,
              "POST",
              "/api/v1/posts",
              Map.of("Authorization", bearer(fixture.token()), "Content-Type", type),
              bytes("{\"text\":\"typed\"}"),
              400,
              "bad_request",
              null));
    }
    cases.add(
        http(
            "follow %2e%2e",
            "PUT", "/api/v1/following/%2e%2e", auth(), null, 400, "bad_request", null));
    // An encoded '/' makes a malformed feed name (bad_feed); bytes that are not UTF-8 a
    // malformed request.
    cases.add(get("feed with %2f", "/api/v1/feeds/tag:a%2f", 400, "bad_feed"));
    cases.add(get("feed with %23", "/api/v1/feeds/tag:%23java", 400, "bad_feed"));
    for (String odd : List.of("%c0%af", "%ff")) {
      cases.add(get("feed with " + odd, "/api/v1/feeds/tag:a" + odd, 400, "bad_request"));
    }
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      cases.add(
          http(
              method + " on the SSE path",
              method,
              "/api/v1/stream/sse?feed=public",
              Map.of(),
              method.equals("DELETE") ? null : new byte[0],
              400,
              "bad_request",
              "GET, OPTIONS"));
    }
    cases.add(
        http(
            "DELETE on a feed",
            "DELETE",
            "/api/v1/feeds/public",
            Map.of(),
            null,
            400,
            "bad_request",
            "HEAD, GET, OPTIONS"));
    cases.add(
        http(
            "Accept text/html on a feed",
            "GET",
            "/api/v1/feeds/public",
            Map.of("Accept", "text/html"),
            null,
            400,
            "bad_request",
            null));
    cases.add(
        http(
            "Accept text/html on SSE with a bad feed",
            "GET",
            "/api/v1/stream/sse?feed=nope",
            Map.of("Accept", "text/html"),
            null,
            400,
            "bad_feed",
            null));
    cases.add(
        new SocketCase(
            "a frame nested 1,000 deep",
            null,
            List.of(Part.text("{\"type\":\"ping\",\"ref\":" + deep + "}")),
            "bad_request",
            0));
    List<Part> fragments = new ArrayList<>();
    fragments.add(Part.fragment("{\"type\":\"ping\",\"ref\":\"", false));
    for (int i = 0; i < 2; i++) {
      fragments.add(Part.fragment("x".repeat(4000), false));
    }
    cases.add(new SocketCase("fragments of 4,000 over the limit", null, fragments, null, 1009));
    cases.add(
        new SocketCase(
            "a binary frame",
            null,
            List.of(Part.binary(new byte[] {1, 2}, true)),
            "bad_request",
            0));
    cases.add(
        new SocketCase(
            "an oversized binary frame",
            null,
            List.of(Part.binary(new byte[MAX_FRAME_BYTES + 1], true)),
            null,
            1009));
    return cases;
  }

  // --- REST bodies -------------------------------------------------------------------------

  private Case truncatedBody(Random r) {
    String whole = Api.postBody("truncated " + word(r, 8), word(r, 5));
    int cut = r.nextInt(whole.length());
    return post("truncated at " + cut, whole.substring(0, cut), 400, "bad_request");
  }

  private Case wrongType(Random r) {
    String[] values = {
      "42", "-1.5", "true", "false", "[\"x\"]", "{\"a\":\"b\"}", "1e400", "[]", "{}"
    };
    String value = values[r.nextInt(values.length)];
    return switch (r.nextInt(5)) {
      case 0 -> post("text " + value, "{\"text\":" + value + "}", 400, "bad_request");
      case 1 ->
          post(
              "tags " + value,
              "{\"text\":\"t\",\"tags\":"
                  + (value.startsWith("[") ? "[" + value + "]" : value)
                  + "}",
              400,
              "bad_request");
      case 2 -> edit("edit text " + value, "{\"text\":" + value + "}", 400, "bad_request");
      case 3 ->
          json(
              "POST",
              "/api/v1/dev/tokens",
              null,
              r.nextBoolean()
                  ? "{\"user\":" + value + "}"
                  : "{\"user\":\"u\",\"groups\":"
                      + (value.startsWith("[") ? "[" + value + "]" : value)
                      + "}",
              "dev token " + value);
      default ->
          json(
              "PUT",
              "/api/v1/markers/home",
              fixture.token(),
              "{\"position\":" + value + "}",
              "marker position " + value);
    };
  }

  private Case deepBody(Random r) {
    boolean arrays = r.nextBoolean();
    // Within the body limit, which would answer first: 2 bytes a level for arrays, 6 for objects.
    int deepest = (MAX_BODY_BYTES - 50) / (arrays ? 2 : 6);
    int depth = Math.min(deepest, 33 + r.nextInt(r.nextBoolean() ? 100 : 5000));
    String nested =
        arrays
            ? "[".repeat(depth) + "]".repeat(depth)
            : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    return switch (r.nextInt(3)) {
      case 0 -> post("top level " + depth + " deep", nested, 400, "bad_request");
      case 1 ->
          post(
              "tags " + depth + " deep",
              "{\"text\":\"d\",\"tags\":" + nested + "}",
              400,
              "bad_request");
      default -> edit("edit " + depth + " deep", "{\"text\":" + nested + "}", 400, "bad_request");
    };
  }

  private Case hugeBody(Random r) {
    int size = MAX_BODY_BYTES + 1 + r.nextInt(r.nextBoolean() ? 64 : 200_000);
    String text = "x".repeat(size);
    return post("a body of " + size + " bytes", "{\"text\":\"" + text + "\"}", 413, "too_large");
  }

  private static final String[] ODD_TEXT = {
    "\u00e9t\u00e9", "\ud83d\ude00", "\u202eevil", "e\u0301", "\u200d\u200b", "\ufeffbom",
    "\uffff", "\u05e9\u05dc\u05d5\u05dd", "\u4e2d\u6587", "\ud834\udd1e", "tab\there", "\u0001ctl"
  };

  private Case oddUnicode(Random r) {
    switch (r.nextInt(4)) {
      case 0 -> {
        String escape = r.nextBoolean() ? "\\ud800" : "\\udfff";
        return post(
            "a lone surrogate " + escape, "{\"text\":\"a" + escape + "b\"}", 400, "bad_request");
      }
      case 1 -> {
        return post("an escaped NUL", "{\"text\":\"a\\u0000b\"}", 400, "bad_request");
      }
      case 2 -> {
        byte[][] bad = {
          {(byte) 0xff},
          {(byte) 0xc0, (byte) 0xaf},
          {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
          {(byte) 0xe2, (byte) 0x82}
        };
        byte[] invalid = bad[r.nextInt(bad.length)];
        byte[] head = bytes("{\"text\":\"a");
        byte[] tail = bytes("b\"}");
        byte[] body = new byte[head.length + invalid.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(invalid, 0, body, head.length, invalid.length);
        System.arraycopy(tail, 0, body, head.length + invalid.length, tail.length);
        return http(
            "bytes that are not UTF-8",
            "POST",
            "/api/v1/posts",
            jsonHeaders(fixture.token()),
            body,
            400,
            "bad_request",
            null);
      }
      default -> {
        StringBuilder text = new StringBuilder("x");
        for (int i = 1 + r.nextInt(6); i > 0; i--) {
          text.append(ODD_TEXT[r.nextInt(ODD_TEXT.length)]);
        }
        return post(
            "odd but valid text",
            jakarta.json.Json.createObjectBuilder().add("text", text.toString()).build().toString(),
            201,
            null);
      }
    }
  }

  private static final String[] UNSUPPORTED_TYPES = {
    "text/plain",
    "application/xml",
    "text/html",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json-patch+json",
    "image/png"
  };
  private static final String[] MALFORMED_TYPES = {
    "json",
    "application/",
    ";;;",
    "/json",
    "application json",
    "a/b/c",
    "application/json, text/plain"
  };

  private Case mediaType(Random r) {
    boolean malformed = r.nextBoolean();
    String type =
        malformed
            ? MALFORMED_TYPES[r.nextInt(MALFORMED_TYPES.length)]
            : UNSUPPORTED_TYPES[r.nextInt(UNSUPPORTED_TYPES.length)];
    boolean edit = r.nextBoolean();
    return http(
        (edit ? "edit as " : "post as ") + type,
        edit ? "PATCH" : "POST",
        edit ? "/api/v1/posts/" + fixture.postId() : "/api/v1/posts",
        Map.of("Authorization", bearer(fixture.token()), "Content-Type", type),
        bytes("{\"text\":\"typed\"}"),
        malformed ? 400 : 415,
        malformed ? "bad_request" : "unsupported_media_type",
        null);
  }

  private Case notJson(Random r) {
    String[] shapes = {
      "null",
      "42",
      "\"text\"",
      "true",
      "[{\"text\":\"a\"}]",
      "{\"text\":\"a\"} trailing",
      "{\"text\":\"a\"}{\"text\":\"b\"}",
      "{'text':'a'}",
      "{\"text\":\"a\",}",
      "{text:\"a\"}",
      "{\"text\":\"unterminated}",
      "\u0000",
      " "
    };
    String body =
        r.nextInt(3) == 0
            ? "}" + printable(r, 1 + r.nextInt(200))
            : shapes[r.nextInt(shapes.length)];
    return post("not one JSON object: " + abbreviate(body), body, 400, "bad_request");
  }

  private Case devToken(Random r) {
    String[] bodies = {
      "{\"user\":\"\"}",
      "{\"user\":\"" + "a".repeat(65) + "\"}",
      "{\"user\":\"bad name\"}",
      "{\"user\":\"al/ice\"}",
      "{\"user\":\"u\",\"groups\":[\"bad group\"]}",
      "{\"user\":\"u\",\"groups\":" + jsonArray(17) + "}",
      "{\"groups\":[\"user\"]}",
      "{}"
    };
    String body = bodies[r.nextInt(bodies.length)];
    return json("POST", "/api/v1/dev/tokens", null, body, "dev token " + abbreviate(body));
  }

  private Case markerPosition(Random r) {
    String[] positions = {
      "\"+1\"",
      "\"-5\"",
      "\"1.0\"",
      "\" 1\"",
      "\"\\u0661\"",
      "\"abc\"",
      "\"\"",
      "\"99999999999999999999\""
    };
    String position = positions[r.nextInt(positions.length)];
    if (r.nextInt(4) == 0) {
      return http(
          "a marker of a bad feed",
          "PUT",
          "/api/v1/markers/" + badFeedName(r),
          jsonHeaders(fixture.token()),
          bytes("{\"position\":\"0\"}"),
          400,
          "bad_feed",
          null);
    }
    return json(
        "PUT",
        "/api/v1/markers/home",
        fixture.token(),
        "{\"position\":" + position + "}",
        "marker position " + position);
  }

  // --- paths and parameters ----------------------------------------------------------------

  private Case badFeed(Random r) {
    String name = badFeedName(r);
    return get("feed " + abbreviate(name), "/api/v1/feeds/" + name, 400, "bad_feed");
  }

  /** A feed name, percent-encoded for a path, that API.md does not know. */
  private static String badFeedName(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> "x" + word(r, 1 + r.nextInt(30));
      case 1 -> "tag:" + word(r, 3).toUpperCase();
      case 2 -> "tag:" + "a".repeat(65);
      case 3 -> "tag:a-" + word(r, 3);
      case 4 -> "user:" + "u".repeat(65);
      case 5 -> "user:bad%21name";
      case 6 ->
          new String[] {"Home", "PUBLIC", "tag:", "user:", "tags:java", "home%20"}[r.nextInt(6)];
      default -> "markers";
    };
  }

  private static final String[] REFUSED_ENCODINGS = {
    "%2e",
    "%2e%2e",
    "a%2fb",
    "a%5cb",
    "%c0%af",
    "%c0%ae%c0%ae",
    "%ff",
    "%8f",
    "%c3%28",
    "%e0%80%af",
    "%ed%a0%80"
  };
  private static final String[] ODD_BUT_UTF8 = {
    "%e2%80%ae", "%ef%bf%bf", "%f0%9f%98%80", "a%20b", "%25"
  };

  private Case oddEncoding(Random r) {
    boolean refused = r.nextBoolean();
    String odd =
        refused
            ? REFUSED_ENCODINGS[r.nextInt(REFUSED_ENCODINGS.length)]
            : ODD_BUT_UTF8[r.nextInt(ODD_BUT_UTF8.length)];
    return switch (r.nextInt(4)) {
      case 0 ->
          get(
              "feed " + odd,
              "/api/v1/feeds/" + odd,
              400,
              refused && !odd.contains("%2f") ? "bad_request" : "bad_feed");
      case 1 ->
          get(
              "post " + odd,
              "/api/v1/posts/" + odd,
              refused ? 400 : 404,
              refused ? "bad_request" : "not_found");
      case 2 ->
          http(
              "follow " + odd,
              "PUT",
              "/api/v1/following/" + odd,
              auth(),
              null,
              400,
              "bad_request",
              null);
      default -> {
        boolean dots = odd.contains("%2e") || odd.contains("%2f") || odd.contains("%5c");
        yield get(
            "static " + odd, "/app/" + odd, dots ? 400 : 404, dots ? "bad_request" : "not_found");
      }
    };
  }

  private Case overlongPath(Random r) {
    int length = 100 + r.nextInt(7900);
    return switch (r.nextInt(3)) {
      case 0 -> get("feed of " + length, "/api/v1/feeds/x" + "a".repeat(length), 400, "bad_feed");
      case 1 ->
          get("post id of " + length, "/api/v1/posts/" + "9".repeat(length), 404, "not_found");
      default -> get("static path of " + length, "/app/" + "a".repeat(length), 404, "not_found");
    };
  }

  private static final String[] BAD_IDS = {
    "+1",
    "-1",
    "0",
    "1.0",
    "1e3",
    "0x1",
    "%201",
    "1%20",
    "%D9%A1",
    "%EF%BC%91",
    "%E0%A5%A7",
    "99999999999999999999",
    "abc",
    "1,2",
    "999999999999"
  };

  private Case badPostId(Random r) {
    String id = BAD_IDS[r.nextInt(BAD_IDS.length)];
    String path = "/api/v1/posts/" + id;
    return switch (r.nextInt(4)) {
      case 0 -> get("post " + id, path, 404, "not_found");
      case 1 -> http("like " + id, "PUT", path + "/like", auth(), null, 404, "not_found", null);
      case 2 -> http("delete " + id, "DELETE", path, auth(), null, 404, "not_found", null);
      default ->
          http(
              "edit " + id,
              "PATCH",
              path,
              jsonHeaders(fixture.token()),
              bytes("{\"text\":\"edited\"}"),
              404,
              "not_found",
              null);
    };
  }

  private static final String[] BAD_LIMITS = {
    "0",
    "101",
    "-1",
    "+5",
    "1.5",
    "abc",
    "%EF%BC%95",
    "%D9%A1",
    "1e2",
    "%205",
    "99999999999999999999"
  };
  private static final String[] BAD_CURSORS = {
    "+1", "-1", "abc", "1.5", "%D9%A1", "0x10", "99999999999999999999", "%201", "1e3"
  };

  private Case badCursor(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> {
        String limit = BAD_LIMITS[r.nextInt(BAD_LIMITS.length)];
        yield get("limit " + limit, "/api/v1/feeds/public?limit=" + limit, 400, "bad_request");
      }
      case 1 -> {
        String before = BAD_CURSORS[r.nextInt(BAD_CURSORS.length)];
        yield get("before " + before, "/api/v1/feeds/public?before=" + before, 400, "bad_request");
      }
      default -> {
        String since = BAD_CURSORS[r.nextInt(BAD_CURSORS.length)];
        yield get(
            "SSE since " + since,
            "/api/v1/stream/sse?feed=public&since=" + since,
            400,
            "bad_request");
      }
    };
  }

  private Case badQuery(Random r) {
    String[] queries = {"limit=%zz", "limit=%", "limit=%ff", "before=%c0%af", "x=%e2%82"};
    String query = queries[r.nextInt(queries.length)];
    String[] paths = {
      "/api/v1/feeds/public", "/api/v1/stream/sse", "/api/v1/nope", "/api/v1/stream"
    };
    String path = paths[r.nextInt(paths.length)];
    return get(path + "?" + query, path + "?" + query, 400, "bad_request");
  }

  // --- tokens ------------------------------------------------------------------------------

  private Case badToken(Random r) {
    String header =
        switch (r.nextInt(8)) {
          case 0 -> "Bearer " + printable(r, 1 + r.nextInt(60)).replace(' ', '_');
          case 1 -> "Bearer " + fixture.noneToken();
          case 2 -> "Bearer " + fixture.expiredToken();
          case 3 -> "Bearer " + fixture.foreignToken();
          case 4 -> "Bearer " + "a".repeat(8_000 + r.nextInt(12_000));
          case 5 -> "Basic " + java.util.Base64.getEncoder().encodeToString(bytes("alice:secret"));
          case 6 -> "Bearer " + fixture.token().substring(0, fixture.token().length() - 3) + "AAA";
          default -> "Bearer";
        };
    String name = "token " + abbreviate(header);
    return switch (r.nextInt(4)) {
      case 0 ->
          http(
              name + " posting",
              "POST",
              "/api/v1/posts",
              Map.of("Authorization", header, "Content-Type", "application/json"),
              bytes("{\"text\":\"t\"}"),
              401,
              "unauthorized",
              null);
      case 1 ->
          http(
              name + " on a public page",
              "GET",
              "/api/v1/feeds/public",
              Map.of("Authorization", header),
              null,
              401,
              "unauthorized",
              null);
      case 2 ->
          http(
              name + " on SSE",
              "GET",
              "/api/v1/stream/sse?feed=public",
              Map.of("Authorization", header, "Accept", "text/event-stream"),
              null,
              401,
              "unauthorized",
              null);
      default ->
          http(
              name + " following",
              "GET",
              "/api/v1/following",
              Map.of("Authorization", header),
              null,
              401,
              "unauthorized",
              null);
    };
  }

  private Case methodNotServed(Random r) {
    return switch (r.nextInt(5)) {
      case 0 ->
          http(
              "PUT on a static file",
              new String[] {"PUT", "POST", "DELETE", "PATCH"}[r.nextInt(4)],
              new String[] {"/", "/index.html", "/app/app.js", "/client/feedline.js"}[r.nextInt(4)],
              Map.of(),
              new byte[0],
              400,
              "bad_request",
              "GET, HEAD, OPTIONS");
      case 1 ->
          http(
              "POST on following",
              "POST",
              "/api/v1/following",
              auth(),
              new byte[0],
              400,
              "bad_request",
              "HEAD, GET, OPTIONS");
      case 2 ->
          http(
              "HEAD on SSE",
              "HEAD",
              "/api/v1/stream/sse?feed=public",
              Map.of(),
              null,
              400,
              "bad_request",
              "GET, OPTIONS");
      case 3 ->
          get(
              "unknown path " + word(r, 6),
              new String[] {"/", "/api/", "/api/v1/", "/app/", "/health/"}[r.nextInt(5)]
                  + "x"
                  + word(r, 6),
              404,
              "not_found");
      default ->
          http(
              "Accept without JSON",
              "GET",
              "/api/v1/feeds/public",
              Map.of(
                  "Accept",
                  new String[] {"text/html", "image/png", "text/event-stream"}[r.nextInt(3)]),
              null,
              400,
              "bad_request",
              null);
    };
  }

  // --- WebSocket ---------------------------------------------------------------------------

  private Case badFrame(Random r) {
    String[][] frames = {
      {"not json", "bad_request"},
      {"[1,2]", "bad_request"},
      {"42", "bad_request"},
      {"{}", "bad_request"},
      {"{\"type\":5}", "bad_request"},
      {"{\"type\":\"dance\"}", "bad_request"},
      {"{\"type\":\"subscribe\"}", "bad_request"},
      {"{\"type\":\"subscribe\",\"feed\":7}", "bad_request"},
      {"{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":\"+1\"}", "bad_request"},
      {"{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":\"\\u0661\"}", "bad_request"},
      {"{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":-1}", "bad_request"},
      {"{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":1.5}", "bad_request"},
      {"{\"type\":\"subscribe\",\"feed\":\"public\",\"since\":\"x\"}", "bad_request"},
      {"{\"type\":\"subscribe\",\"feed\":\"nope\"}", "bad_feed"},
      {"{\"type\":\"subscribe\",\"feed\":\"tag:Java\"}", "bad_feed"},
      {"{\"type\":\"unsubscribe\",\"feed\":\"user:\"}", "bad_feed"},
      {"{\"type\":\"subscribe\",\"feed\":\"home\"}", "unauthorized"},
      {"{\"type\":\"ping\"} trailing", "bad_request"},
    };
    switch (r.nextInt(4)) {
      case 0 -> {
        int depth = 33 + r.nextInt(3000);
        String ref = "[".repeat(depth) + "]".repeat(depth);
        if (ref.length() + 30 > MAX_FRAME_BYTES) {
          depth = (MAX_FRAME_BYTES - 40) / 2;
          ref = "[".repeat(depth) + "]".repeat(depth);
        }
        return new SocketCase(
            "a frame " + depth + " deep",
            null,
            List.of(Part.text("{\"type\":\"ping\",\"ref\":" + ref + "}")),
            "bad_request",
            0);
      }
      case 1 -> {
        byte[] data = new byte[1 + r.nextInt(MAX_FRAME_BYTES)];
        r.nextBytes(data);
        return new SocketCase(
            "binary of " + data.length, null, List.of(Part.binary(data, true)), "bad_request", 0);
      }
      case 2 -> {
        String garbage = "}" + printable(r, r.nextInt(200));
        return new SocketCase(
            "garbage " + abbreviate(garbage), null, List.of(Part.text(garbage)), "bad_request", 0);
      }
      default -> {
        String[] frame = frames[r.nextInt(frames.length)];
        return new SocketCase("frame " + frame[0], null, List.of(Part.text(frame[0])), frame[1], 0);
      }
    }
  }

  private Case oversizedMessage(Random r) {
    boolean binary = r.nextBoolean();
    if (r.nextBoolean()) {
      int size = MAX_FRAME_BYTES + 1 + r.nextInt(16_000);
      Part part =
          binary
              ? Part.binary(new byte[size], true)
              : Part.text("{\"type\":\"ping\",\"ref\":\"" + "x".repeat(size) + "\"}");
      return new SocketCase(
          (binary ? "binary" : "text") + " frame of " + size, null, List.of(part), null, 1009);
    }
    List<Part> parts = new ArrayList<>();
    int sent = 0;
    while (sent <= MAX_FRAME_BYTES) {
      int size = 1 + r.nextInt(MAX_FRAME_BYTES / 2);
      parts.add(
          binary ? Part.binary(new byte[size], false) : Part.fragment("x".repeat(size), false));
      sent += size;
    }
    return new SocketCase(
        (binary ? "binary" : "text") + " fragments of " + sent + " in " + parts.size(),
        null,
        parts,
        null,
        1009);
  }

  private Case repeatedBadFrames(Random r) {
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < MAX_BAD_FRAMES; i++) {
      parts.add(
          r.nextBoolean()
              ? Part.text("}" + printable(r, r.nextInt(50)))
              : Part.binary(new byte[] {(byte) i}, true));
    }
    return new SocketCase(MAX_BAD_FRAMES + " bad frames", null, parts, null, 1008);
  }

  private Case badUpgradeToken(Random r) {
    String token =
        switch (r.nextInt(4)) {
          case 0 -> fixture.expiredToken();
          case 1 -> fixture.noneToken();
          case 2 -> fixture.foreignToken();
          default -> word(r, 20);
        };
    return new SocketCase("upgrade with token " + abbreviate(token), token, List.of(), null, 1008);
  }

  // --- SSE ---------------------------------------------------------------------------------

  private Case badSse(Random r) {
    Map<String, String> accept = Map.of("Accept", "text/event-stream");
    return switch (r.nextInt(7)) {
      case 0 -> {
        String name = badFeedName(r).replace("markers", "marker");
        yield http(
            "SSE feed " + abbreviate(name),
            "GET",
            "/api/v1/stream/sse?feed=public&feed=" + name,
            accept,
            null,
            400,
            "bad_feed",
            null);
      }
      case 1 -> {
        StringBuilder query = new StringBuilder();
        int feeds = MAX_SUBSCRIPTIONS + 1 + r.nextInt(20);
        for (int i = 0; i < feeds; i++) {
          query.append(i == 0 ? "" : "&").append("feed=tag:t").append(i);
        }
        yield http(
            "SSE with " + feeds + " feeds",
            "GET",
            "/api/v1/stream/sse?" + query,
            accept,
            null,
            400,
            "bad_request",
            null);
      }
      case 2 -> {
        String id =
            BAD_CURSORS[r.nextInt(BAD_CURSORS.length)].replace("%20", "1 ").replace("%D9%A1", "x");
        yield http(
            "SSE Last-Event-ID " + id,
            "GET",
            "/api/v1/stream/sse?feed=public",
            Map.of("Accept", "text/event-stream", "Last-Event-ID", id),
            null,
            400,
            "bad_request",
            null);
      }
      case 3 ->
          http(
              "SSE without a feed",
              "GET",
              "/api/v1/stream/sse",
              accept,
              null,
              400,
              "bad_request",
              null);
      case 4 ->
          http(
              "SSE home without a token",
              "GET",
              "/api/v1/stream/sse?feed=home",
              accept,
              null,
              401,
              "unauthorized",
              null);
      case 5 ->
          http(
              "SSE access_token " + abbreviate(fixture.expiredToken()),
              "GET",
              "/api/v1/stream/sse?feed=public&access_token=" + fixture.expiredToken(),
              accept,
              null,
              401,
              "unauthorized",
              null);
      default ->
          http(
              "SSE accepting HTML",
              "GET",
              "/api/v1/stream/sse?feed=public",
              Map.of("Accept", "text/html"),
              null,
              400,
              "bad_request",
              null);
    };
  }

  // --- helpers -----------------------------------------------------------------------------

  private HttpCase post(String name, String body, int status, String code) {
    return http(
        name,
        "POST",
        "/api/v1/posts",
        jsonHeaders(fixture.token()),
        bytes(body),
        status,
        code,
        null);
  }

  private HttpCase edit(String name, String body, int status, String code) {
    return http(
        name,
        "PATCH",
        "/api/v1/posts/" + fixture.postId(),
        jsonHeaders(fixture.token()),
        bytes(body),
        status,
        code,
        null);
  }

  /** A JSON body that is a bad request. */
  private HttpCase json(String method, String target, String token, String body, String name) {
    return http(name, method, target, jsonHeaders(token), bytes(body), 400, "bad_request", null);
  }

  private static HttpCase get(String name, String target, int status, String code) {
    return http(name, "GET", target, Map.of(), null, status, code, null);
  }

  private static HttpCase http(
      String name,
      String method,
      String target,
      Map<String, String> headers,
      byte[] body,
      int status,
      String code,
      String allow) {
    return new HttpCase(name, method, target, headers, body, status, code, allow);
  }

  private Map<String, String> auth() {
    return Map.of("Authorization", bearer(fixture.token()));
  }

  private static Map<String, String> jsonHeaders(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (token != null) {
      headers.put("Authorization", bearer(token));
    }
    headers.put("Content-Type", "application/json");
    return headers;
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String word(Random r, int length) {
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < length; i++) {
      word.append((char) ('a' + r.nextInt(26)));
    }
    return word.toString();
  }

  /** Printable ASCII, for garbage. */
  private static String printable(Random r, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append((char) (' ' + r.nextInt(95)));
    }
    return text.toString();
  }

  private static String jsonArray(int size) {
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      array.append(i == 0 ? "" : ",").append("\"g").append(i).append('"');
    }
    return array.append(']').toString();
  }

  static String abbreviate(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + ")" : text;
    StringBuilder visible = new StringBuilder();
    shown
        .codePoints()
        .forEach(
            c ->
                visible.append(
                    c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate((char) c)
                        ? String.format("\\u%04x", c)
                        : new String(Character.toChars(c))));
    return visible.toString();
  }
}
