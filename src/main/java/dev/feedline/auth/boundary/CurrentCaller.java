package dev.feedline.auth.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.entity.Caller;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The caller of the current request, as the {@link BearerAuthFilter} found it. */
@RequestScoped
public class CurrentCaller {
  private Caller caller;

  void set(Caller caller) {
    this.caller = caller;
  }

  public Optional<Caller> get() {
    return Optional.ofNullable(caller);
  }

  /** The caller, or 401 when the request carries no token. */
  public Caller require() {
    if (caller == null) {
      throw ApiException.unauthorized("A bearer token is required.");
    }
    return caller;
  }
}
