package dev.feedline.api;

import dev.feedline.store.control.StoreUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line: a store outage is 503, anything else unforeseen is logged once and answered as a
 * JSON 500, never as a stack trace.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {
  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Override
  public Response toResponse(RuntimeException e) {
    if (e instanceof StoreUnavailableException) {
      LOG.log(Level.WARNING, "Store unavailable: {0}", e.getMessage());
      return ApiExceptionMapper.respond(
          503, "unavailable", "The store is unavailable; try again shortly.");
    }
    LOG.log(Level.SEVERE, "Unexpected failure", e);
    return ApiExceptionMapper.respond(500, "internal", "An unexpected error occurred.");
  }
}
