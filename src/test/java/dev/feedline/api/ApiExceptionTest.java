package dev.feedline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.feedline.errors.AuthenticationRequiredException;
import dev.feedline.errors.DomainException;
import dev.feedline.errors.InvalidFeedException;
import dev.feedline.errors.InvalidInputException;
import dev.feedline.errors.NotFoundException;
import dev.feedline.errors.PermissionDeniedException;
import dev.feedline.errors.RateLimitedException;
import dev.feedline.errors.TooLargeException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ApiExceptionTest {
  private record Answer(DomainException refusal, int status, String code) {}

  /** API.md's table, one row per refusal of the domain. */
  private static final List<Answer> ANSWERS =
      List.of(
          new Answer(new InvalidInputException("blank"), 400, "bad_request"),
          new Answer(new InvalidFeedException("nope"), 400, "bad_feed"),
          new Answer(new AuthenticationRequiredException("who?"), 401, "unauthorized"),
          new Answer(new PermissionDeniedException("not yours"), 403, "forbidden"),
          new Answer(new NotFoundException("gone"), 404, "not_found"),
          new Answer(new TooLargeException("long"), 413, "too_large"),
          new Answer(new RateLimitedException("slow down", 7), 429, "rate_limited"));

  @Test
  void eachRefusalIsAnsweredWithItsStatusCodeAndMessage() {
    for (Answer answer : ANSWERS) {
      ApiException e = ApiException.of(answer.refusal());

      String name = answer.refusal().getClass().getSimpleName();
      assertEquals(answer.status(), e.status(), name);
      assertEquals(answer.code(), e.code(), name);
      assertEquals(answer.refusal().getMessage(), e.getMessage(), name);
    }
  }

  @Test
  void rateLimitedTellsWhenToTryAgain() {
    assertEquals(7, ApiException.of(new RateLimitedException("slow down", 7)).retryAfterSeconds());
    assertEquals(0, ApiException.of(new NotFoundException("gone")).retryAfterSeconds());
  }

  /** A new kind of refusal must get its answer here, not fall through to a 500. */
  @Test
  void everyKindOfRefusalHasAnAnswer() {
    Set<Class<?>> kinds = Set.copyOf(Arrays.asList(DomainException.class.getPermittedSubclasses()));
    Set<Class<?>> answered =
        ANSWERS.stream().map(a -> a.refusal().getClass()).collect(Collectors.toSet());

    assertEquals(kinds, answered);
  }
}
