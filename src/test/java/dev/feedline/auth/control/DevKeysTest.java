package dev.feedline.auth.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeysTest {
  @TempDir Path dataDir;

  private DevKeys devKeys(Path dir) {
    DevSettings settings = new DevSettings();
    settings.dataDir = dir.toString();
    DevKeys keys = new DevKeys();
    keys.settings = settings;
    return keys;
  }

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
  void tokenMintedBeforeARestartStillVerifiesAfterIt() throws Exception {
    String token = devKeys(dataDir).mint("alice", List.of("user"), Duration.ofMinutes(5));

    DevKeys restarted = devKeys(dataDir);
    JwtVerifier verifier =
        new JwtVerifier(
            restarted::verificationKeys,
            Set.of(JWSAlgorithm.RS256),
            DevKeys.ISSUER,
            Set.of(),
            30,
            Clock.systemUTC());

    assertEquals("alice", verifier.verify(token).getSubject());
  }

  @Test
  void mintedTokenIsAStandardJwtThatAnotherLibraryVerifies() throws Exception {
    DevKeys keys = devKeys(dataDir);
    String token = keys.mint("alice", List.of("user", "admin"), Duration.ofMinutes(5));

    JwtClaims claims =
        new JwtConsumerBuilder()
            .setVerificationKey(keys.publicKey())
            .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
            .setExpectedIssuer(DevKeys.ISSUER)
            .setRequireExpirationTime()
            .build()
            .processToClaims(token);

    assertEquals("alice", claims.getSubject());
    assertEquals("alice", claims.getStringClaimValue("upn"));
    assertEquals(List.of("user", "admin"), claims.getStringListClaimValue("groups"));
    assertEquals(300, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    assertEquals(DevKeys.KEY_ID, SignedJWT.parse(token).getHeader().getKeyID());
  }

  @Test
  void publicKeyFileIsAPemThatTheProductionParserReads() throws Exception {
    KeyPair keys = DevKeys.loadOrCreate(dataDir);
    String pem = Files.readString(dataDir.resolve("dev-jwt-public.pem"));

    assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
    assertEquals(
        keys.getPublic(), KeyMaterial.parse(pem).getKeys().get(0).toRSAKey().toPublicKey());
  }
}
