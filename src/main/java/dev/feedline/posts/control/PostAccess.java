package dev.feedline.posts.control;

import dev.feedline.auth.entity.Caller;
import dev.feedline.errors.AuthenticationRequiredException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** Who may read posts: anyone while public-read is on, else only a caller with a token. */
@ApplicationScoped
public class PostAccess {
  private boolean publicRead;

  PostAccess() {}

  @Inject
  public PostAccess(PostSettings settings) {
    this(settings.publicRead());
  }

  /** Access with public-read on or off, as tests make it without a container. */
  public PostAccess(boolean publicRead) {
    this.publicRead = publicRead;
  }

  /** Refuses an anonymous caller while public-read is off; {@code what} names what is read. */
  public void checkRead(String what, Optional<Caller> caller) {
    if (caller.isEmpty() && !publicRead) {
      throw new AuthenticationRequiredException("Reading " + what + " needs a bearer token.");
    }
  }
}
