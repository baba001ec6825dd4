package dev.feedline.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.X509CertUtils;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads verification keys the ways MicroProfile JWT allows them: a JWK set, one JWK, or PEM (public
 * keys or certificates, one or more; a bare base64 key too). Only public keys come out: private
 * parts and symmetric keys are dropped, so no token can be verified with a shared secret.
 */
public final class KeyMaterial {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

  private KeyMaterial() {}

  /** The public keys in {@code text}; PEM keys carry no key id. */
  public static JWKSet parse(String text) throws KeyProblem {
    String content = text == null ? "" : text.strip();
    if (content.isEmpty()) {
      throw new KeyProblem("it is empty");
    }
    JWKSet keys = content.startsWith("{") ? json(content) : pem(content);
    JWKSet publicKeys = keys.toPublicJWKSet();
    if (publicKeys.isEmpty()) {
      throw new KeyProblem("it holds no public key (symmetric keys are never used)");
    }
    return publicKeys;
  }

  private static JWKSet json(String content) throws KeyProblem {
    try {
      Map<String, Object> json = JSONObjectUtils.parse(content);
      return json.containsKey("keys") ? JWKSet.parse(json) : new JWKSet(JWK.parse(json));
    } catch (ParseException | RuntimeException e) {
      throw new KeyProblem("it is not a valid JWK or JWK set (" + e.getMessage() + ")");
    }
  }

  private static JWKSet pem(String content) throws KeyProblem {
    List<JWK> keys = new ArrayList<>();
    Matcher blocks = PEM.matcher(content);
    while (blocks.find()) {
      keys.add(pemBlock(blocks.group(1), blocks.group(2)));
    }
    if (keys.isEmpty()) {
      if (content.contains("-----")) {
        throw new KeyProblem("it is not a complete PEM block (BEGIN and END lines must match)");
      }
      keys.add(jwk(publicKey(content)));
    }
    return new JWKSet(keys);
  }

  private static JWK pemBlock(String label, String body) throws KeyProblem {
    switch (label) {
      case "PUBLIC KEY":
        return jwk(publicKey(body));
      case "CERTIFICATE":
        try {
          return JWK.parse(
              X509CertUtils.parseWithException(
                  "-----BEGIN CERTIFICATE-----" + body + "-----END CERTIFICATE-----"));
        } catch (CertificateException | JOSEException e) {
          throw new KeyProblem("its certificate cannot be read (" + e.getMessage() + ")");
        }
      default:
        if (label.contains("PRIVATE")) {
          throw new KeyProblem("it is a private key (" + label + "); give the public key");
        }
        throw new KeyProblem(
            "its PEM block is " + label + "; expected PUBLIC KEY (X.509) or CERTIFICATE");
    }
  }

  private static PublicKey publicKey(String base64) throws KeyProblem {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new KeyProblem("it is not base64 (" + e.getMessage() + ")");
    }
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException notThisKind) {
        // try the next kind
      }
    }
    throw new KeyProblem("it is not an RSA or EC public key in X.509 form");
  }

  private static JWK jwk(PublicKey key) throws KeyProblem {
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).build();
    }
    if (key instanceof ECPublicKey ec) {
      Curve curve = Curve.forECParameterSpec(ec.getParams());
      if (curve == null) {
        throw new KeyProblem("its EC curve is not one JWS uses (P-256, P-384, P-521)");
      }
      return new ECKey.Builder(curve, ec).build();
    }
    throw new KeyProblem("it is not an RSA or EC public key");
  }

  /** Why key material cannot be used, in words an operator can act on. */
  public static class KeyProblem extends Exception {
    public KeyProblem(String message) {
      super(message);
    }
  }
}
