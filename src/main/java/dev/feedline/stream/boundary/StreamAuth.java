package dev.feedline.stream.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.boundary.BearerToken;
import jakarta.servlet.http.HttpSession;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Takes the bearer token from the upgrade request by {@link BearerToken}'s rule: the Authorization
 * header, or for browsers the access_token query parameter. The endpoint verifies it when the
 * connection opens, reading it from the session's user properties: WebSocket 2.1 makes the
 * properties seen here a copy per connection and hands that copy to the session, so concurrent
 * handshakes never see each other's.
 */
public class StreamAuth extends ServerEndpointConfig.Configurator {
  static final String TOKEN = "feedline.token";
  static final String BAD_SCHEME = "feedline.bad-scheme";

  @Override
  public void modifyHandshake(
      ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    discardHttpSession(request);
    Map<String, Object> properties = config.getUserProperties();
    properties.remove(TOKEN);
    properties.remove(BAD_SCHEME);
    String header = first(request.getHeaders().get("Authorization"));
    if (header == null) {
      header = first(request.getHeaders().get("authorization"));
    }
    try {
      String token =
          BearerToken.read(
              header, () -> first(request.getParameterMap().get(BearerToken.QUERY_PARAMETER)));
      if (token != null) {
        properties.put(TOKEN, token);
      }
    } catch (ApiException wrongScheme) {
      // Answered when the connection opens, with a close code rather than a status.
      properties.put(BAD_SCHEME, Boolean.TRUE);
    }
  }

  /**
   * Liberty creates an HTTP session for every WebSocket upgrade, which Feedline never uses. Left
   * alone, each would stay in memory for the session timeout (30 minutes) after its connection, so
   * phones that reconnect every few minutes would pile up tens of thousands of them.
   */
  private static void discardHttpSession(HandshakeRequest request) {
    try {
      if (request.getHttpSession() instanceof HttpSession session && session.isNew()) {
        session.invalidate();
      }
    } catch (IllegalStateException alreadyInvalidated) {
      // nothing left to discard
    }
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
