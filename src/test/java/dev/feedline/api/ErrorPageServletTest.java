package dev.feedline.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorPageServletTest {
  @Test
  void anEncodedSeparatorInAFeedNameIsAMalformedFeedName() {
    assertTrue(ErrorPageServlet.namesAFeedWithASeparator("/api/v1/feeds/tag%3Aa%2Fb"));
    assertTrue(ErrorPageServlet.namesAFeedWithASeparator("/api/v1/feeds/tag%3A%23java"));
    assertTrue(ErrorPageServlet.namesAFeedWithASeparator("/api/v1/feeds/%2f"));
    assertTrue(ErrorPageServlet.namesAFeedWithASeparator("/api/v1/markers/tag%3Aa%2Fb"));
  }

  @Test
  void otherRefusedPathsStayBadRequests() {
    assertFalse(ErrorPageServlet.namesAFeedWithASeparator("/api/v1/posts/1%2F2"));
    assertFalse(ErrorPageServlet.namesAFeedWithASeparator("/api/v1/feeds/tag%3Ajava"));
    assertFalse(ErrorPageServlet.namesAFeedWithASeparator("/api/v1/feedsx/%2F"));
  }
}
