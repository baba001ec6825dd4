package dev.feedline.auth.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.control.TokenRejectedException;
import dev.feedline.auth.control.TokenVerifier;
import dev.feedline.auth.entity.Caller;
import java.util.function.Supplier;

/**
 * Reads a request's bearer token by API.md's one rule, for REST, SSE and the WebSocket upgrade
 * alike: the Authorization header when there is one, and then only the Bearer scheme; else, where
 * the endpoint takes it (the streams, for browsers), the access_token query parameter.
 */
public final class BearerToken {
  /** The query parameter that carries the token where a browser cannot set a header. */
  public static final String QUERY_PARAMETER = "access_token";

  private static final String SCHEME = "Bearer ";

  private BearerToken() {}

  /**
   * The token, or null when the request carries none. {@code queryParameter} is asked only when
   * there is no Authorization header; it answers null where the endpoint takes no token there.
   *
   * @throws ApiException 401 when the Authorization header names another scheme
   */
  public static String read(String authorization, Supplier<String> queryParameter) {
    if (authorization != null) {
      if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
        throw ApiException.unauthorized("Only bearer tokens are accepted.");
      }
      return authorization.substring(SCHEME.length()).strip();
    }
    return queryParameter.get();
  }

  /**
   * The caller {@code token} names, or null for no token.
   *
   * @throws ApiException 401, with the verifier's reason, when the token does not verify
   */
  public static Caller caller(TokenVerifier verifier, String token) {
    if (token == null) {
      return null;
    }
    try {
      return verifier.verify(token);
    } catch (TokenRejectedException e) {
      throw ApiException.unauthorized(e.getMessage());
    }
  }
}
