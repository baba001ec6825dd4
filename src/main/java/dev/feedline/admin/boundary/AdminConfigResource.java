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

/**
 * GET /admin/config: every feedline.* (and mp.jwt.*) setting in effect, its source, secrets masked.
 */
@Path("admin/config")
@Produces(MediaType.APPLICATION_JSON)
public class AdminConfigResource {
  private static final Pattern SECRET = Pattern.compile(".*(password|secret|private|credential).*");

  /** One setting: its key, the value in effect (or ***), and where that value came from. */
  public record Setting(String key, String value, String source, int ordinal) {}

  /** The answer. */
  public record Settings(List<Setting> settings) {}

  @Inject CurrentCaller caller;
  @Inject Config config;

  @GET
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
