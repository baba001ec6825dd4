package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Behind the ingress every stream is opened by a proxy. The per-address connect limit, and the line
 * that logs a refused address, key on the client that a trusted proxy names in X-Forwarded-For or
 * Forwarded, over WebSocket and SSE alike; from any other peer those headers change nothing. Runs
 * its own node, trusting 127.0.0.1 as its proxy; 127.0.0.2 (loopback too) is a peer it does not
 * trust.
 */
class TrustedProxyIT {
  private static final int LIMIT = 3;
  private static final Duration LOG_BOUND = Duration.ofSeconds(30);
  private static LibertyNode node;
  private static HandshakeProbe proxy;
  private static HandshakeProbe stranger;
  private static String token;

  @BeforeAll
  static void startANodeBehindATrustedProxy() {
    node = LibertyNode.create();
    node.start(
        Map.of(
            "FEEDLINE_HTTP_TRUSTED_PROXIES",
            "127\\.0\\.0\\.1",
            "FEEDLINE_LIMITS_STREAM_CONNECTS_PER_MINUTE_PER_ADDRESS",
            String.valueOf(LIMIT)));
    proxy = HandshakeProbe.from("127.0.0.1", node.api());
    stranger = HandshakeProbe.from("127.0.0.2", node.api());
    token = node.api().token(Api.uniqueUser("viewer"));
  }

  @AfterAll
  static void removeTheNode() {
    if (node != null) {
      node.close();
    }
  }

  private static Map<String, String> forwardedFor(String client) {
    return Map.of("X-Forwarded-For", client);
  }

  @Test
  void eachClientForwardedByATrustedProxyHasItsOwnBudget() {
    String first = "203.0.113.1";
    String second = "203.0.113.2";
    for (int i = 0; i < LIMIT; i++) {
      assertEquals(200, proxy.sse(forwardedFor(first)), "SSE " + i + " of " + first);
    }
    assertEquals(429, proxy.webSocket(token, forwardedFor(first)), "the upgrade counts as well");

    assertEquals(101, proxy.webSocket(token, forwardedFor(second)), second + " through one proxy");
    for (int i = 1; i < LIMIT; i++) {
      // RFC 7239's header names the client as well as X-Forwarded-For does.
      assertEquals(
          200, proxy.sse(Map.of("Forwarded", "for=" + second)), "SSE " + i + " of " + second);
    }
    assertEquals(429, proxy.sse(forwardedFor(second)));

    assertEquals(200, proxy.sse(Map.of()), "the proxy's own address was charged nothing");
    node.awaitLog(
        LOG_BOUND,
        "Stream connects from " + first + " over " + LIMIT + " per minute",
        "Stream connects from " + second + " over " + LIMIT + " per minute");
    assertFalse(node.messagesLog().contains("Stream connects from 127.0.0.1 "), node.tail(20));
  }

  @Test
  void forwardedHeadersFromAnUntrustedPeerChangeNothing() {
    String named = "198.51.100.1";
    assertEquals(200, stranger.sse(forwardedFor(named)));
    for (int i = 1; i < LIMIT; i++) {
      assertEquals(200, stranger.sse(forwardedFor("198.51.100." + (10 + i))));
    }
    // Each attempt named another client, and all were charged to the peer itself.
    assertEquals(429, stranger.webSocket(token, forwardedFor("198.51.100.20")));
    assertEquals(429, stranger.sse(Map.of("Forwarded", "for=198.51.100.21")));

    // The client the stranger named still has its whole budget through the trusted proxy.
    for (int i = 0; i < LIMIT; i++) {
      assertEquals(200, proxy.sse(forwardedFor(named)), "SSE " + i + " of " + named);
    }
    node.awaitLog(LOG_BOUND, "Stream connects from 127.0.0.2 over " + LIMIT + " per minute");
    assertFalse(node.messagesLog().contains("Stream connects from 198.51.100."), node.tail(20));
  }
}
