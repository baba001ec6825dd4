package dev.feedline.auth.boundary;

import dev.feedline.auth.control.TokenVerifier;
import dev.feedline.auth.entity.Caller;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Names the caller of every REST request from its bearer token. No token means an anonymous caller
 * (resources decide whether that is enough); a token that does not verify is always 401. Paths
 * under stream also take the token as the access_token query parameter ({@link BearerToken}).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerAuthFilter implements ContainerRequestFilter {
  @Inject TokenVerifier verifier;
  @Inject CurrentCaller current;

  @Override
  public void filter(ContainerRequestContext request) {
    String token =
        BearerToken.read(
            request.getHeaderString(HttpHeaders.AUTHORIZATION), () -> queryToken(request));
    Caller caller = BearerToken.caller(verifier, token);
    if (caller != null) {
      current.set(caller);
    }
  }

  private static String queryToken(ContainerRequestContext request) {
    if (request.getUriInfo().getPath().startsWith("stream")) {
      return request.getUriInfo().getQueryParameters().getFirst(BearerToken.QUERY_PARAMETER);
    }
    return null;
  }
}
