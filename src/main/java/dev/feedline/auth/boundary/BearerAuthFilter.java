package dev.feedline.auth.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.control.TokenRejectedException;
import dev.feedline.auth.control.TokenVerifier;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Names the caller of every REST request from its bearer token. No token means an anonymous caller
 * (resources decide whether that is enough); a token that does not verify is always 401. The
 * streams also take the token as the access_token query parameter, for browsers.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthFilter implements ContainerRequestFilter {
  private static final String BEARER = "Bearer ";

  @Inject TokenVerifier verifier;
  @Inject CurrentCaller current;

  @Override
  public void filter(ContainerRequestContext request) {
    String token = token(request);
    if (token == null) {
      return;
    }
    try {
      current.set(verifier.verify(token));
    } catch (TokenRejectedException e) {
      throw ApiException.unauthorized(e.getMessage());
    }
  }

  private static String token(ContainerRequestContext request) {
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header != null) {
      if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        throw ApiException.unauthorized("Only bearer tokens are accepted.");
      }
      return header.substring(BEARER.length()).strip();
    }
    if (request.getUriInfo().getPath().startsWith("stream")) {
      return request.getUriInfo().getQueryParameters().getFirst("access_token");
    }
    return null;
  }
}
