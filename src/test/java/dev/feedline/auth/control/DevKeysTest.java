package dev.feedline.auth.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeysTest {
  @TempDir Path dataDir;

  @Test
  void keyIsCreatedOnFirstStartAndTheSameKeyIsLoadedAfterARestart() throws Exception {
    KeyPair first = DevKeys.loadOrCreate(dataDir.resolve("data"));
    assertTrue(Files.exists(dataDir.resolve("data/dev-jwt-private.pem")));
    assertTrue(Files.exists(dataDir.resolve("data/dev-jwt-public.pem")));

    KeyPair again = DevKeys.loadOrCreate(dataDir.resolve("data"));

    assertArrayEquals(first.getPublic().getEncoded(), again.getPublic().getEncoded());
    assertArrayEquals(first.getPrivate().getEncoded(), again.getPrivate().getEncoded());
  }

  @Test
  void tokenSignedBeforeARestartStillVerifiesAfterIt() throws Exception {
    KeyPair before = DevKeys.loadOrCreate(dataDir);
    long now = 1_700_000_000L;
    String token =
        JwtSigner.sign(
            Map.of("iss", DevKeys.ISSUER, "sub", "alice", "exp", now + 60),
            before.getPrivate(),
            "feedline-local");

    KeyPair after = DevKeys.loadOrCreate(dataDir);
    JwtVerifier verifier = new JwtVerifier(after.getPublic(), DevKeys.ISSUER, Set.of(), 0);

    assertEquals("alice", verifier.verify(token, now).getString("sub"));
  }

  @Test
  void publicKeyFileIsAPemThatTheProductionParserReads() throws Exception {
    KeyPair keys = DevKeys.loadOrCreate(dataDir);
    String pem = Files.readString(dataDir.resolve("dev-jwt-public.pem"));

    assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
    assertArrayEquals(
        keys.getPublic().getEncoded(), TokenVerifier.parsePublicKey(pem).getEncoded());
  }
}
