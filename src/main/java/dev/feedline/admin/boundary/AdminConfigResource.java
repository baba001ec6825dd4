package dev.feedline.admin.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.boundary.CurrentCaller;
import dev.feedline.auth.entity.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GET /admin/config: every feedline.* (and mp.jwt.*) setting in effect, its source, secrets masked.
 */
@Path("admin/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations", description = "For operators.")
public class AdminConfigResource {
  private static final Pattern SECRET = Pattern.compile(".*(password|secret|private|credential).*");

  /** One setting: its key, the value in effect (or ***), and where that value came from. */
  @Schema(
      description = "A setting in effect.",
      requiredProperties = {"key", "value", "source", "ordinal"})
  public record Setting(
      @Schema(example = "feedline.public-read") String key,
      @Schema(nullable = true, description = "The value in effect; `***` for secrets.")
          String value,
      @Schema(description = "Where the value comes from.") String source,
      @Schema(description = "The source's MicroProfile Config ordinal.") int ordinal) {}

  /** The answer. */
  @Schema(description = "The settings in effect, by key.", requiredProperties = "settings")
  public record Settings(List<Setting> settings) {}

  @Inject CurrentCaller caller;
  @Inject Config config;

  @GET
  @Operation(
      summary = "The configuration in effect (role admin)",
      description =
          "Every `feedline.*` and `mp.jwt.*` setting with its value and source; passwords and"
              + " secrets show as `***`. Needs a token with the role `admin` in `groups`.")
  // Liberty's validator takes scopes for OAuth only, so the role is in x-roles and the text.
  @SecurityRequirement(name = "bearer")
  @Extension(name = "x-roles", value = "[\"admin\"]", parseValue = true)
  @APIResponse(
      responseCode = "200",
      description = "The settings.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = Settings.class)))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  public Settings settings() {
    Caller admin = caller.require();
    if (!admin.isAdmin()) {
      throw ApiException.forbidden("The configuration is shown to admins only.");
    }
    TreeSet<String> keys = new TreeSet<>();
    for (String name : config.getPropertyNames()) {
      if (name.startsWith("feedline.") || name.startsWith("mp.jwt.")) {
        keys.add(name);
      }
    }
    return new Settings(keys.stream().map(this::setting).toList());
  }

  private Setting setting(String key) {
    ConfigValue value = config.getConfigValue(key);
    String shown =
        SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches() ? "***" : value.getValue();
    return new Setting(key, shown, source(value.getSourceName()), value.getSourceOrdinal());
  }

  static String source(String name) {
    if (name == null) {
      return "unknown";
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.contains("microprofile-config.properties")) {
      return "default (microprofile-config.properties)";
    }
    if (lower.contains("env")) {
      return "environment";
    }
    if (lower.contains("system")) {
      return "system property";
    }
    if (lower.contains("server.xml") || lower.contains("variable")) {
      return "server configuration (" + name + ")";
    }
    return name;
  }
}
