package dev.feedline.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives the framework's own refusals (unknown path, wrong method, wrong media type, a parameter it
 * could not convert) API.md's status, code and JSON body instead of the server's default page. The
 * framework's message is never passed on: it names classes and internal codes.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    String allow = e.getResponse().getHeaderString("Allow");
    if (status == 405 && allow != null) {
      return Response.fromResponse(ApiExceptionMapper.respond(ApiException.methodNotAllowed(allow)))
          .header("Allow", allow)
          .build();
    }
    return ApiExceptionMapper.respond(ApiException.ofStatus(status));
  }
}
