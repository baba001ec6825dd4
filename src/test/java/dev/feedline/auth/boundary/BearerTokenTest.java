package dev.feedline.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.api.ApiException;
import dev.feedline.auth.control.TokenRejectedException;
import dev.feedline.auth.control.TokenVerifier;
import dev.feedline.auth.entity.Caller;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {
  private static final Supplier<String> NO_QUERY =
      () -> {
        throw new AssertionError("the query is not read when there is a header");
      };

  @ParameterizedTest
  @ValueSource(strings = {"Bearer abc", "bearer abc", "BEARER abc", "Bearer   abc  "})
  void theHeadersBearerSchemeInAnyCaseCarriesTheTokenWithoutSurroundingSpace(String header) {
    assertEquals("abc", BearerToken.read(header, NO_QUERY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Basic YWxpY2U6c2VjcmV0", "Bearer", "Bearerabc", "", "abc"})
  void anyOtherAuthorizationIs401WithoutLookingAtTheQuery(String header) {
    ApiException e = assertThrows(ApiException.class, () -> BearerToken.read(header, NO_QUERY));

    assertEquals(401, e.status());
    assertEquals("unauthorized", e.code());
    assertEquals("Only bearer tokens are accepted.", e.getMessage());
  }

  @Test
  void aBearerHeaderWithNothingAfterItIsAnEmptyTokenForTheVerifierToRefuse() {
    assertEquals("", BearerToken.read("Bearer ", NO_QUERY));
  }

  @Test
  void withoutAHeaderTheQueryParameterIsTheTokenAsItIs() {
    assertEquals(" q ", BearerToken.read(null, () -> " q "));
    assertNull(BearerToken.read(null, () -> null));
  }

  private static final TokenVerifier VERIFIER =
      new TokenVerifier() {
        @Override
        public Caller verify(String token) throws TokenRejectedException {
          if (token.equals("good")) {
            return new Caller("alice", Set.of("user"));
          }
          throw new TokenRejectedException("The token has expired.");
        }
      };

  @Test
  void noTokenIsNoCaller() {
    assertNull(BearerToken.caller(VERIFIER, null));
  }

  @Test
  void aTokenThatVerifiesNamesItsCaller() {
    assertEquals("alice", BearerToken.caller(VERIFIER, "good").userId());
  }

  @Test
  void aTokenThatDoesNotVerifyIs401WithTheVerifiersReason() {
    ApiException e = assertThrows(ApiException.class, () -> BearerToken.caller(VERIFIER, "bad"));

    assertEquals(401, e.status());
    assertEquals("unauthorized", e.code());
    assertEquals("The token has expired.", e.getMessage());
  }
}
