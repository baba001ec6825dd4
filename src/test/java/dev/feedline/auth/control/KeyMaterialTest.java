package dev.feedline.auth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import dev.feedline.auth.control.KeyMaterial.KeyProblem;
import dev.feedline.it.Tokens;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {
  private static KeyPair rsa;
  private static KeyPair other;

  @BeforeAll
  static void makeKeys() {
    rsa = Tokens.newRsaKeyPair();
    other = Tokens.newRsaKeyPair();
  }

  private static String problem(String text) {
    return assertThrows(KeyProblem.class, () -> KeyMaterial.parse(text)).getMessage();
  }

  @Test
  void pemPublicKeyIsOneKeyWithoutKid() throws Exception {
    JWKSet keys = KeyMaterial.parse(Tokens.pem(rsa.getPublic()));

    assertEquals(1, keys.size());
    assertNull(keys.getKeys().get(0).getKeyID());
    assertEquals(rsa.getPublic(), keys.getKeys().get(0).toRSAKey().toPublicKey());
  }

  @Test
  void bareBase64KeyAndSeveralPemBlocksAreRead() throws Exception {
    String bare = Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded());
    assertEquals(
        rsa.getPublic(), KeyMaterial.parse(bare).getKeys().get(0).toRSAKey().toPublicKey());

    JWKSet both =
        KeyMaterial.parse(Tokens.pem(rsa.getPublic()) + "\n" + Tokens.pem(other.getPublic()));
    assertEquals(2, both.size());
  }

  @Test
  void ecPemKeyIsRead() throws Exception {
    KeyPair ec = Tokens.newEcKeyPair();
    JWKSet keys = KeyMaterial.parse(Tokens.pem(ec.getPublic()));
    assertEquals(ec.getPublic(), keys.getKeys().get(0).toECKey().toPublicKey());
  }

  @Test
  void certificatePemIsReadAsItsPublicKey(@TempDir Path dir) throws Exception {
    // A self-signed certificate made by the JDK's keytool, as an identity provider exports one.
    Path store = dir.resolve("idp.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "idp",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=issuer.example",
        "-validity",
        "2",
        "-keystore",
        store.toString(),
        "-storepass",
        "changeit");
    String pem =
        keytool(
            "-exportcert",
            "-rfc",
            "-alias",
            "idp",
            "-keystore",
            store.toString(),
            "-storepass",
            "changeit");
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, "changeit".toCharArray());
    }

    JWKSet keys = KeyMaterial.parse(pem);

    assertEquals(1, keys.size());
    assertEquals(
        keyStore.getCertificate("idp").getPublicKey(),
        keys.getKeys().get(0).toRSAKey().toPublicKey());
  }

  private static String keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  @Test
  void jwkSetAndSingleJwkAreReadWithTheirKids() throws Exception {
    JWKSet set =
        KeyMaterial.parse(Tokens.jwks(Map.of("one", rsa.getPublic(), "two", other.getPublic())));
    assertEquals(
        List.of("one", "two"), set.getKeys().stream().map(k -> k.getKeyID()).sorted().toList());

    RsaJsonWebKey single =
        new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) rsa.getPublic());
    single.setKeyId("solo");
    JWKSet one = KeyMaterial.parse(single.toJson());
    assertEquals("solo", one.getKeys().get(0).getKeyID());
  }

  @Test
  void privatePartsOfAJwkAreDroppedAndSymmetricKeysNeverKept() throws Exception {
    RsaJsonWebKey full = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) rsa.getPublic());
    full.setPrivateKey(rsa.getPrivate());
    full.setKeyId("full");
    String oct =
        "{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA\"}";
    String jwks =
        "{\"keys\":["
            + oct
            + ","
            + full.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE)
            + "]}";

    JWKSet keys = KeyMaterial.parse(jwks);

    assertEquals(1, keys.size());
    assertEquals("full", keys.getKeys().get(0).getKeyID());
    assertFalse(keys.getKeys().get(0).isPrivate());
    assertTrue(problem("{\"keys\":[" + oct + "]}").contains("no public key"));
  }

  @Test
  void everyBrokenKeySaysWhatIsWrongWithIt() {
    assertTrue(problem("").contains("empty"));
    assertTrue(problem("not a key!").contains("not base64"), problem("not a key!"));
    assertTrue(problem("not a key").contains("not an RSA or EC public key"));
    assertTrue(problem("bm90IGEga2V5").contains("not an RSA or EC public key"));
    assertTrue(problem("-----BEGIN PUBLIC KEY-----\nMIIB").contains("complete PEM block"));
    assertTrue(
        problem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
            .contains("private key"));
    assertTrue(
        problem("-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----")
            .contains("expected PUBLIC KEY"));
    assertTrue(problem("{\"keys\": 3}").contains("not a valid JWK"));
    assertTrue(problem("{\"kty\":\"RSA\"}").contains("not a valid JWK"));
  }
}
