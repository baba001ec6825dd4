package dev.feedline.api;

import dev.feedline.errors.DomainException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a refusal of the domain with the status, code and JSON body API.md fixes for it. */
@Provider
public class DomainExceptionMapper implements ExceptionMapper<DomainException> {
  @Override
  public Response toResponse(DomainException e) {
    return ApiExceptionMapper.respond(ApiException.of(e));
  }
}
