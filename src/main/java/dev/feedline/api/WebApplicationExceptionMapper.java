package dev.feedline.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives the framework's own refusals (unknown path, wrong method, wrong media type) the JSON error
 * body instead of the server's default page.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    Response answer =
        ApiExceptionMapper.respond(status, codeFor(status), messageFor(status, e.getMessage()));
    if (status == 405 && e.getResponse().getHeaderString("Allow") != null) {
      return Response.fromResponse(answer)
          .header("Allow", e.getResponse().getHeaderString("Allow"))
          .build();
    }
    return answer;
  }

  static String codeFor(int status) {
    return switch (status) {
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 413 -> "too_large";
      case 415 -> "unsupported_media_type";
      case 429 -> "rate_limited";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }

  private static String messageFor(int status, String detail) {
    return switch (status) {
      case 404 -> "No such resource.";
      case 405 -> "This method is not allowed on this resource.";
      case 415 -> "The body must be application/json.";
      default -> detail == null || detail.isBlank() ? "The request was refused." : detail;
    };
  }
}
