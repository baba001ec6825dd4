package dev.feedline.auth.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.api.JsonBodies;
import dev.feedline.auth.control.DevKeys;
import dev.feedline.auth.control.DevSettings;
import dev.feedline.auth.entity.Caller;
import dev.feedline.configuration.Profile;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The local profile's token minting; in production this path does not exist (404). */
@Path("dev/tokens")
@Tag(name = "local profile", description = "Only in the local profile; 404 in production.")
public class DevTokensResource {
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  /** The request: a user name and its groups (default {@code ["user"]}). */
  @Schema(description = "Whom to mint a token for.", requiredProperties = "user")
  public record TokenRequest(
      @Schema(description = "The user id, `[A-Za-z0-9_.-]{1,64}`.", example = "alice") String user,
      @Schema(description = "The roles; default `[\"user\"]`.", example = "[\"user\"]")
          List<String> groups) {}

  /** The answer: a signed token. */
  @Schema(description = "A signed token.", requiredProperties = "token")
  public record TokenResponse(
      @Schema(description = "A JWT to send as `Authorization: Bearer <token>`.") String token) {}

  @Inject Profile profile;
  @Inject DevKeys keys;
  @Inject JsonBodies bodies;
  @Inject DevSettings settings;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Mint a token for any user (local profile only)",
      description =
          "Exists only in the local profile (`feedline.profile=local`, the run command's),"
              + " for development and tests: it signs a token for any user name without a"
              + " password. In the production profile this path does not exist and answers"
              + " `404`.")
  @APIResponse(
      responseCode = "200",
      description = "The token.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = TokenResponse.class)))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "404", ref = "NotFound")
  @APIResponse(responseCode = "413", ref = "TooLarge")
  @APIResponse(responseCode = "415", ref = "UnsupportedMediaType")
  public TokenResponse mint(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = TokenRequest.class)))
          InputStream body) {
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
    return new TokenResponse(keys.mint(request.user(), groups, settings.tokenTtl()));
  }
}
