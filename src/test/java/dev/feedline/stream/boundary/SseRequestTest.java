package dev.feedline.stream.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.api.ApiException;
import dev.feedline.auth.control.TokenRejectedException;
import dev.feedline.auth.control.TokenVerifier;
import dev.feedline.auth.entity.Caller;
import dev.feedline.errors.AuthenticationRequiredException;
import dev.feedline.errors.InvalidFeedException;
import dev.feedline.feeds.control.FeedAccess;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.posts.control.PostAccess;
import dev.feedline.stream.control.StreamSettings;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SseRequestTest {
  private static final TokenVerifier VERIFIER =
      new TokenVerifier() {
        @Override
        public Caller verify(String token) throws TokenRejectedException {
          if (token.equals("alice")) {
            return new Caller("alice", Set.of("user"));
          }
          throw new TokenRejectedException("The token has expired.");
        }
      };
  private static final FeedAccess ACCESS = new FeedAccess(new PostAccess(true));
  private static final StreamSettings SETTINGS =
      new StreamSettings() {
        @Override
        public int maxSubscriptions() {
          return 3;
        }
      };

  /** A GET of the stream with these headers and query parameters. */
  private static final class Asking {
    final Map<String, String> headers = new HashMap<>();
    final Map<String, String[]> parameters = new HashMap<>();
    boolean queryUndecodable;

    Asking header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Asking parameter(String name, String... values) {
      parameters.put(name, values);
      return this;
    }

    SseRequest read() {
      return SseRequest.read(request(), VERIFIER, ACCESS, SETTINGS);
    }

    private HttpServletRequest request() {
      return (HttpServletRequest)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {HttpServletRequest.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getParameterMap" -> {
                      if (queryUndecodable) {
                        throw new IllegalArgumentException("bad %-encoding");
                      }
                      yield parameters;
                    }
                    case "getParameterValues" -> parameters.get((String) args[0]);
                    case "getParameter" -> {
                      String[] values = parameters.get((String) args[0]);
                      yield values == null ? null : values[0];
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
    }
  }

  private static Asking asking() {
    return new Asking();
  }

  private static ApiException refused(Asking asking) {
    return assertThrows(ApiException.class, asking::read);
  }

  @Test
  void namesTheCallerTheFeedsOnceEachInOrderAndTheLastEventId() {
    SseRequest asked =
        asking()
            .header("Authorization", "Bearer alice")
            .header("Last-Event-ID", "41")
            .parameter("feed", "home", "tag:java", "home")
            .parameter("since", "7")
            .read();

    assertEquals("alice", asked.caller().userId());
    assertEquals(List.of(Feed.parse("home"), Feed.parse("tag:java")), asked.feeds());
    assertEquals(41L, asked.since());
  }

  @Test
  void theTokenMayComeAsAQueryParameterAndSinceStandsInForLastEventId() {
    SseRequest asked =
        asking()
            .header("Last-Event-ID", " ")
            .parameter("access_token", "alice")
            .parameter("feed", "public")
            .parameter("since", "7")
            .read();

    assertEquals("alice", asked.caller().userId());
    assertEquals(7L, asked.since());
  }

  @Test
  void withoutATokenThePublicFeedsAreReadAnonymouslyAndLive() {
    SseRequest asked = asking().parameter("feed", "public").read();

    assertNull(asked.caller());
    assertNull(asked.since());
  }

  @Test
  void anUndecodableQueryIsABadRequestBeforeAnythingElse() {
    Asking asking = asking().header("Authorization", "Basic x");
    asking.queryUndecodable = true;

    ApiException e = refused(asking);

    assertEquals(400, e.status());
    assertEquals("The query string is not valid percent-encoding.", e.getMessage());
  }

  @Test
  void anotherSchemeOrARejectedTokenIs401BeforeTheFeedsAreLookedAt() {
    assertEquals(401, refused(asking().header("Authorization", "Basic x")).status());
    ApiException rejected =
        refused(asking().header("Authorization", "Bearer bob").parameter("feed", "nonsense:"));
    assertEquals(401, rejected.status());
    assertEquals("The token has expired.", rejected.getMessage());
  }

  @Test
  void noFeedTooManyFeedsAndABadPositionAreBadRequests() {
    assertEquals(
        "Name at least one feed: ?feed=home&feed=tag:java.", refused(asking()).getMessage());
    assertEquals(
        "At most 3 feeds per stream.",
        refused(asking().parameter("feed", "public", "tag:a", "tag:b", "tag:c")).getMessage());
    assertEquals(
        "Last-Event-ID (or since) must be an event id.",
        refused(asking().parameter("feed", "public").header("Last-Event-ID", "x")).getMessage());
  }

  @Test
  void feedsAreRefusedByTheDomainsRulesAndBeforeTheAcceptHeader() {
    Asking badFeed = asking().parameter("feed", "nonsense:").header("Accept", "application/json");
    assertInstanceOf(
        InvalidFeedException.class, assertThrows(RuntimeException.class, badFeed::read));

    Asking anonymousHome = asking().parameter("feed", "home");
    assertThrows(AuthenticationRequiredException.class, anonymousHome::read);
  }

  @Test
  void anAcceptHeaderThatAllowsNoEventStreamIsABadRequestAnyOtherIsNot() {
    assertEquals(
        "This stream is text/event-stream; the Accept header does not allow it.",
        refused(asking().parameter("feed", "public").header("Accept", "application/json"))
            .getMessage());
    for (String accept : List.of("text/event-stream", "*/*", "text/*", "text/html, */*;q=0.1")) {
      asking().parameter("feed", "public").header("Accept", accept).read();
    }
  }
}
