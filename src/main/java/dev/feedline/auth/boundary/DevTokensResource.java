package dev.feedline.auth.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.api.JsonBodies;
import dev.feedline.auth.control.DevKeys;
import dev.feedline.auth.control.JwtSigner;
import dev.feedline.auth.entity.Caller;
import dev.feedline.configuration.Profile;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The local profile's token minting; in production this path does not exist (404). */
@Path("dev/tokens")
public class DevTokensResource {
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** The request: a user name and its groups (default {@code ["user"]}). */
  public record TokenRequest(String user, List<String> groups) {}

  /** The answer: a signed token. */
  public record TokenResponse(String token) {}

  @Inject Profile profile;
  @Inject DevKeys keys;
  @Inject JsonBodies bodies;

  @Inject
  @ConfigProperty(name = "feedline.dev.token-ttl-seconds")
  long ttlSeconds;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public TokenResponse mint(InputStream body) {
    if (!profile.isLocal()) {
      throw ApiException.notFound("No such resource.");
    }
    TokenRequest request = bodies.read(body, TokenRequest.class);
    if (!Caller.validUserId(request.user())) {
      throw ApiException.badRequest("user must match [A-Za-z0-9_.-]{1,64}.");
    }
    List<String> groups = request.groups() == null ? List.of("user") : request.groups();
    if (groups.size() > 16
        || !groups.stream().allMatch(g -> g != null && GROUP.matcher(g).matches())) {
      throw ApiException.badRequest("groups must be up to 16 names matching [A-Za-z0-9_.-]{1,64}.");
    }
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", DevKeys.ISSUER);
    claims.put("sub", request.user());
    claims.put("upn", request.user());
    claims.put("groups", groups);
    claims.put("iat", now);
    claims.put("exp", now + ttlSeconds);
    claims.put("jti", UUID.randomUUID().toString());
    return new TokenResponse(JwtSigner.sign(claims, keys.privateKey(), "feedline-local"));
  }
}
