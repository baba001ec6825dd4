package dev.feedline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /** API.md's statuses: a status the server or framework chose maps into that list. */
  @ParameterizedTest
  @CsvSource({
    "400, 400, bad_request",
    "401, 401, unauthorized",
    "403, 403, forbidden",
    "404, 404, not_found",
    "405, 400, bad_request",
    "406, 400, bad_request",
    "411, 400, bad_request",
    "413, 413, too_large",
    "414, 413, too_large",
    "415, 415, unsupported_media_type",
    "429, 429, rate_limited",
    "431, 413, too_large",
    "500, 500, internal",
    "501, 400, bad_request",
    "502, 500, internal",
    "503, 503, unavailable"
  })
  void aStatusOfTheServerMapsToTheListedStatusAndCode(int status, int answer, String code) {
    ApiException e = ApiException.ofStatus(status);

    assertEquals(answer, e.status());
    assertEquals(code, e.code());
  }

  @Test
  void aMethodNotServedNamesTheAllowedOnes() {
    ApiException e = ApiException.methodNotAllowed("GET, OPTIONS");

    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains("GET, OPTIONS"), e.getMessage());
  }
}
