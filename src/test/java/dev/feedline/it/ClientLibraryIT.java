package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The JavaScript client (/client/feedline.js), tested by its own Node tests (src/test/js) against
 * this server: backoff, resume across drops and a change of transport, reset, a rejected token.
 */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class ClientLibraryIT {

  @Test
  void libraryTestsPassAgainstTheServer() throws Exception {
    assertTrue(NodeTests.nodeMajor() >= 20, "the client's tests need Node 20 or newer on the PATH");
    assertNull(
        NodeTests.run(
            "client-library",
            Api.itServer(),
            180,
            "backoff.test.mjs",
            "stream.test.mjs",
            "types.test.mjs"));
  }
}
