package dev.feedline.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers an {@link ApiException} with its status and the JSON error body. */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<ApiException> {
  @Override
  public Response toResponse(ApiException e) {
    return respond(e);
  }

  static Response respond(ApiException e) {
    Response response = respond(e.status(), e.code(), e.getMessage());
    if (e.retryAfterSeconds() > 0) {
      return Response.fromResponse(response)
          .header("Retry-After", Long.toString(e.retryAfterSeconds()))
          .build();
    }
    return response;
  }

  static Response respond(int status, String code, String message) {
    Response.ResponseBuilder builder =
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ApiError(code, message));
    if (status == 503) {
      builder.header("Retry-After", "5");
    }
    return builder.build();
  }
}
