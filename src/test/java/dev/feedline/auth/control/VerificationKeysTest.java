package dev.feedline.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import dev.feedline.auth.control.KeyMaterial.KeyProblem;
import dev.feedline.it.Poll;
import dev.feedline.it.Tokens;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationKeysTest {
  private static KeyPair one;
  private static KeyPair two;

  @TempDir Path dir;
  private HttpServer server;
  private final AtomicReference<String> served = new AtomicReference<>();
  private final AtomicInteger status = new AtomicInteger(200);

  @BeforeAll
  static void makeKeys() {
    one = Tokens.newRsaKeyPair();
    two = Tokens.newRsaKeyPair();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A JWKS endpoint on 127.0.0.1 that serves whatever the test put in {@code served}. */
  private String serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
  }

  private static List<String> kids(JWKSet keys) {
    return keys.getKeys().stream().map(k -> String.valueOf(k.getKeyID())).sorted().toList();
  }

  @Test
  void fileIsReadAgainOnReloadAndABrokenFileKeepsTheLastGoodKeys() throws Exception {
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, Tokens.jwks(Map.of("one", one.getPublic())));
    try (VerificationKeys keys = VerificationKeys.at(file.toString())) {
      assertEquals(List.of("one"), kids(keys.current()));

      Files.writeString(file, Tokens.jwks(Map.of("two", two.getPublic())));
      keys.reload();
      assertEquals(List.of("two"), kids(keys.current()));

      Files.writeString(file, "{\"keys\": [");
      assertThrows(KeyProblem.class, keys::reload);
      assertEquals(List.of("two"), kids(keys.current()));
    }
  }

  @Test
  void fileUrlAndPemFileAreRead() throws Exception {
    Path file = dir.resolve("key.pem");
    Files.writeString(file, Tokens.pem(one.getPublic()));
    try (VerificationKeys keys = VerificationKeys.at(file.toUri().toString())) {
      assertEquals(one.getPublic(), keys.current().getKeys().get(0).toRSAKey().toPublicKey());
    }
  }

  @Test
  void urlIsFetchedAgainOnReloadAndAFailedFetchKeepsTheLastGoodKeys() throws Exception {
    served.set(Tokens.jwks(Map.of("one", one.getPublic(), "two", two.getPublic())));
    try (VerificationKeys keys = VerificationKeys.at(serve())) {
      assertEquals(List.of("one", "two"), kids(keys.current()));

      served.set(Tokens.jwks(Map.of("two", two.getPublic())));
      keys.reload();
      assertEquals(List.of("two"), kids(keys.current()));

      status.set(503);
      KeyProblem down = assertThrows(KeyProblem.class, keys::reload);
      assertTrue(down.getMessage().contains("503"), down.getMessage());
      assertEquals(List.of("two"), kids(keys.current()));
    }
  }

  @Test
  void reloadEveryTakesUpARotatedSetWithoutBeingAsked() throws Exception {
    served.set(Tokens.jwks(Map.of("one", one.getPublic())));
    try (VerificationKeys keys = VerificationKeys.at(serve())) {
      keys.reloadEvery(Duration.ofMillis(50));
      served.set(Tokens.jwks(Map.of("two", two.getPublic())));

      Poll.until(
          Duration.ofSeconds(20),
          "the rotated key set",
          () -> kids(keys.current()).equals(List.of("two")),
          () -> "kids " + kids(keys.current()));
      assertEquals(List.of("two"), kids(keys.current()));
    }
  }

  @Test
  void unreadableLocationsSayWhy() {
    String missing = dir.resolve("nothing-here.pem").toString();
    assertTrue(
        assertThrows(KeyProblem.class, () -> VerificationKeys.at(missing))
            .getMessage()
            .contains("NoSuchFile"));
    assertTrue(
        assertThrows(KeyProblem.class, () -> VerificationKeys.at("http://127.0.0.1:1/jwks"))
            .getMessage()
            .contains("cannot be read"));
  }

  @Test
  void describeNamesKidsAndTypesButNoKeyMaterial() throws Exception {
    JWKSet keys = KeyMaterial.parse(Tokens.jwks(Map.of("one", one.getPublic())));
    String said = VerificationKeys.describe(keys);
    assertEquals("1 key: one RSA", said);
  }
}
