package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The web app on / in Chromium (src/test/js/webapp.test.mjs): two people live on home, the SSE
 * fallback with WebSocket blocked, every post once and in order after a cut and after a drain. It
 * also takes the README's screenshots into docs/.
 */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
@Order(1)
class WebAppIT {

  @Test
  void webAppTestsPassInChromium() throws Exception {
    assertTrue(NodeTests.nodeMajor() >= 20, "the web app's tests need Node 20 or newer");
    assertTrue(
        Files.isExecutable(Path.of("/usr/bin/chromium")),
        "the web app's tests need Debian's chromium (apt-get install chromium; .ci/run does)");
    assertTrue(NodeTests.installed("playwright-core"), "npm ci in src/test/js did not run");
    assertNull(NodeTests.run("web-app", Api.itServer(), 240, "webapp.test.mjs", "push.test.mjs"));
  }
}
