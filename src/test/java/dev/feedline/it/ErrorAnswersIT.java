package dev.feedline.it;

import static dev.feedline.it.ApiAssert.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The server's own errors answered with API.md's JSON body while the static files keep working, and
 * what the server answers before the application sees a request (README: Errors and bad input).
 */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class ErrorAnswersIT {
  private final Api api = Api.itServer();
  private final RawHttp http = new RawHttp(api.base());

  @Test
  void theStaticFilesAreStillServed() {
    RawHttp.Reply index = http.send("GET", "/", Map.of(), null);
    assertEquals(200, index.status());
    assertTrue(index.header("Content-Type").startsWith("text/html"), index.header("Content-Type"));
    assertTrue(index.text().contains("<title>Feedline</title>"));
    RawHttp.Reply client = http.send("GET", "/client/feedline.js", Map.of(), null);
    assertEquals(200, client.status());
    assertTrue(client.text().contains("export class Feedline"), "the client library");
    assertEquals(200, http.send("HEAD", "/app/app.css", Map.of(), null).status());
  }

  @Test
  void anUnknownStaticPathIsJsonNotFound() {
    for (String path :
        new String[] {"/nope", "/app/nope.js", "/api", "/api/v2/posts", "/WEB-INF/web.xml"}) {
      RawHttp.Reply reply = http.send("GET", path, Map.of(), null);
      assertError(reply.asApiReply(), 404, "not_found");
      assertNull(reply.header("Server"), path);
    }
  }

  /**
   * An unknown static path is answered before the server's file serving looks for it, which logged
   * a warning (SRVE0190E) for each such request: a scanner's guesses would fill the log.
   */
  @Test
  void unknownStaticPathsLeaveNoWarningInTheLog() {
    String guess = "/scan-" + UUID.randomUUID();
    for (String path : new String[] {guess + ".php", guess + "/admin", guess + ".js"}) {
      assertError(http.send("GET", path, Map.of(), null).asApiReply(), 404, "not_found");
    }
    // A line logged after those requests: once it is in messages.log, their warnings would be too.
    String user = Api.uniqueUser("sentinel");
    try (StreamClient sentinel = StreamClient.connect(api, api.token(user))) {
      Poll.until(
          Duration.ofSeconds(30),
          "the stream's open line in the shared server's messages.log",
          () -> LibertyNode.itServerLog().contains("stream open transport=websocket user=" + user),
          () -> "not there");
    }
    assertFalse(LibertyNode.itServerLog().contains(guess), "the guesses appear in the log");
  }

  @Test
  void aStaticFileServesOnlyReadsAndNamesThem() {
    RawHttp.Reply post = http.send("POST", "/index.html", Map.of(), new byte[0]);
    assertError(post.asApiReply(), 400, "bad_request");
    assertEquals("GET, HEAD, OPTIONS", post.header("Allow"));
    RawHttp.Reply options = http.send("OPTIONS", "/index.html", Map.of(), null);
    assertEquals(204, options.status());
    assertEquals("GET, HEAD, OPTIONS", options.header("Allow"));
  }

  @Test
  void anUnknownHealthPathCarriesTheNotFoundBody() {
    RawHttp.Reply reply = http.send("GET", "/health/nope", Map.of(), null);
    assertEquals(404, reply.status());
    assertEquals("not_found", reply.asApiReply().errorCode());
  }

  @Test
  void theErrorPageRequestedByItsPathIsNotFound() {
    assertError(api.get("error", null), 404, "not_found");
  }

  /**
   * Liberty refuses a path whose percent-decoding fails or leaves the root before choosing an
   * application (WebContainer.sendBadRequestResponse): a one-line body naming only the path.
   */
  @Test
  void aPathTheServerCannotDecodeIsRefusedBeforeTheApplicationWithoutClassNames() {
    for (String path : new String[] {"/api/v1/feeds/tag:%00", "/api/v1/posts/%zz", "/../etc"}) {
      RawHttp.Reply reply = http.send("GET", path, Map.of(), null);
      assertEquals(400, reply.status(), path);
      assertFalse(reply.text().matches("(?s).*(Exception|\\.java|at com\\.).*"), reply.text());
    }
  }

  /** TRACE is refused before any filter or error page; its answer is empty. */
  @Test
  void traceIsRefusedWithAnEmptyForbidden() {
    RawHttp.Reply reply = http.send("TRACE", "/", Map.of(), null);
    assertEquals(403, reply.status());
    assertEquals(0, reply.body().length);
  }

  /** The HTTP parser refuses a header block over its limit before any application. */
  @Test
  void aHeaderOverTheParsersLimitIsAnEmptyBadRequest() {
    RawHttp.Reply reply =
        http.send("GET", "/api/v1/feeds/public", Map.of("X-Big", "a".repeat(40_000)), null);
    assertEquals(400, reply.status());
    assertEquals(0, reply.body().length);
  }
}
