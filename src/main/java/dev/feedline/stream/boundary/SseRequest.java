package dev.feedline.stream.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.boundary.BearerToken;
import dev.feedline.auth.control.TokenVerifier;
import dev.feedline.auth.entity.Caller;
import dev.feedline.events.entity.Ids;
import dev.feedline.feeds.control.FeedAccess;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.stream.control.StreamSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a request for the SSE stream asks for: the caller (null: anonymous), the feeds, and the id
 * to resume after (null: live only). Read and checked before the stream starts; whatever is wrong
 * is an {@link ApiException} or the domain's refusal, for the servlet to answer as JSON.
 */
record SseRequest(Caller caller, List<Feed> feeds, Long since) {

  /**
   * Reads the request, checking in this order: a query string that decodes, the bearer token, each
   * feed and the caller's right to read it, the feed count, the position, and last the Accept
   * header.
   */
  static SseRequest read(
      HttpServletRequest request,
      TokenVerifier verifier,
      FeedAccess access,
      StreamSettings settings) {
    readQuery(request);
    Caller caller = caller(request, verifier);
    List<Feed> feeds = feeds(request, caller, access, settings);
    Long since = since(request);
    // Last: a stream of bad feeds is answered bad_feed whatever the client accepts.
    checkAccept(request);
    return new SseRequest(caller, feeds, since);
  }

  /** Parses the query string now, so that a malformed percent-encoding is a bad request. */
  private static void readQuery(HttpServletRequest request) {
    try {
      request.getParameterMap();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("The query string is not valid percent-encoding.");
    }
  }

  private static Caller caller(HttpServletRequest request, TokenVerifier verifier) {
    String token =
        BearerToken.read(
            request.getHeader("Authorization"),
            () -> request.getParameter(BearerToken.QUERY_PARAMETER));
    return BearerToken.caller(verifier, token);
  }

  private static List<Feed> feeds(
      HttpServletRequest request, Caller caller, FeedAccess access, StreamSettings settings) {
    String[] names = request.getParameterValues("feed");
    if (names == null || names.length == 0) {
      throw ApiException.badRequest("Name at least one feed: ?feed=home&feed=tag:java.");
    }
    Set<Feed> feeds = new LinkedHashSet<>();
    for (String name : names) {
      Feed feed = FeedAccess.parse(name);
      access.checkRead(feed, Optional.ofNullable(caller));
      feeds.add(feed);
    }
    if (feeds.size() > settings.maxSubscriptions()) {
      throw ApiException.badRequest(
          "At most " + settings.maxSubscriptions() + " feeds per stream.");
    }
    return new ArrayList<>(feeds);
  }

  private static Long since(HttpServletRequest request) {
    String value = request.getHeader("Last-Event-ID");
    if (value == null || value.isBlank()) {
      value = request.getParameter("since");
    }
    if (value == null || value.isBlank()) {
      return null;
    }
    return Ids.parse(value)
        .orElseThrow(
            () -> ApiException.badRequest("Last-Event-ID (or since) must be an event id."));
  }

  private static void checkAccept(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    if (accept != null
        && !accept.contains("text/event-stream")
        && !accept.contains("*/*")
        && !accept.contains("text/*")) {
      throw ApiException.badRequest(
          "This stream is text/event-stream; the Accept header does not allow it.");
    }
  }
}
