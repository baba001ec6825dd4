package dev.feedline.posts.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.auth.entity.Caller;
import dev.feedline.errors.AuthenticationRequiredException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostAccessTest {
  private static final Optional<Caller> ALICE = Optional.of(new Caller("alice", Set.of("user")));

  @Test
  void anyoneReadsPostsWhilePublicReadIsOn() {
    PostAccess access = new PostAccess(true);

    assertDoesNotThrow(() -> access.checkRead("posts", Optional.empty()));
    assertDoesNotThrow(() -> access.checkRead("posts", ALICE));
  }

  @Test
  void onlyACallerReadsPostsWhilePublicReadIsOff() {
    PostAccess access = new PostAccess(false);

    assertThrows(
        AuthenticationRequiredException.class, () -> access.checkRead("posts", Optional.empty()));
    assertDoesNotThrow(() -> access.checkRead("posts", ALICE));
  }
}
