package dev.feedline.auth.control;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import dev.feedline.auth.control.KeyMaterial.KeyProblem;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The key set that verifies tokens right now. Keys given inline never change; keys at a location (a
 * file, or an http(s) URL such as an identity provider's JWKS endpoint) are read again on an
 * interval, so a rotated set is taken up without a restart. A read that fails keeps the last good
 * set and is logged: a brief outage of the key endpoint must not turn every caller away. A token
 * with a key id the set lacks (a key the identity provider has just published) has the location
 * read again at once, at most once per configured interval, as JWKS clients do.
 */
public final class VerificationKeys implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VerificationKeys.class.getName());
  private static final int TIMEOUT_MS = 5_000;
  private static final int MAX_BYTES = 1 << 20;

  private final String origin;
  private final String location;
  private volatile JWKSet current;
  private ScheduledExecutorService reloads;
  private final Object unknownKidLock = new Object();
  private volatile long unknownKidIntervalNanos = -1;
  private long lastUnknownKidRead; // guarded by unknownKidLock; 0: none yet

  private VerificationKeys(String origin, String location, JWKSet keys) {
    this.origin = origin;
    this.location = location;
    this.current = keys;
  }

  /** Fixed keys: a set made here, or given inline in a setting. */
  public static VerificationKeys fixed(JWKSet keys) {
    return new VerificationKeys("inline", null, keys);
  }

  /** The keys at {@code location} (a path, file: URL or http(s): URL), read now. */
  public static VerificationKeys at(String location) throws KeyProblem {
    return new VerificationKeys(location, location, KeyMaterial.parse(read(location)));
  }

  public JWKSet current() {
    return current;
  }

  /** Reads the location again; keeps the current keys and says why when it cannot. */
  public void reload() throws KeyProblem {
    if (location == null) {
      return;
    }
    JWKSet fresh = KeyMaterial.parse(read(location));
    JWKSet previous = current;
    current = fresh;
    if (!fresh.equals(previous)) {
      LOG.info(() -> "Token verification keys changed at " + origin + ": " + describe(fresh));
    }
  }

  /**
   * Lets a key id the set lacks read the location again, at most once per {@code interval} (a token
   * with a made-up kid must not make every request fetch the key set).
   */
  public void readAgainOnUnknownKid(Duration interval) {
    unknownKidIntervalNanos = interval.toNanos();
  }

  /**
   * The key set to try for a token whose {@code kid} the current set lacks: the location read again
   * when that is allowed now (see {@link #readAgainOnUnknownKid}), else the current set.
   */
  public JWKSet forUnknownKid(String kid) {
    JWKSet set = current;
    long interval = unknownKidIntervalNanos;
    if (location == null || interval < 0 || set.getKeyByKeyId(kid) != null) {
      return set;
    }
    synchronized (unknownKidLock) {
      set = current;
      long now = System.nanoTime();
      if (set.getKeyByKeyId(kid) != null
          || (lastUnknownKidRead != 0 && now - lastUnknownKidRead < interval)) {
        return set; // read meanwhile by another caller, or read too recently
      }
      lastUnknownKidRead = now == 0 ? 1 : now;
      LOG.info(
          () -> "A token names key id " + kid + ", unknown here: reading " + origin + " again");
      reloadLogged();
      return current;
    }
  }

  /** Reloads every {@code interval} on a thread of its own until closed; inline keys never do. */
  public synchronized void reloadEvery(Duration interval) {
    if (location == null || reloads != null) {
      return;
    }
    reloads =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "feedline-token-keys");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    reloads.scheduleWithFixedDelay(this::reloadLogged, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void reloadLogged() {
    try {
      reload();
    } catch (KeyProblem e) {
      LOG.warning(
          "Cannot reload the token verification keys from "
              + origin
              + ": "
              + e.getMessage()
              + "; the previous keys stay in use");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot reload the token verification keys from " + origin, e);
    }
  }

  @Override
  public synchronized void close() {
    if (reloads != null) {
      reloads.shutdownNow();
      reloads = null;
    }
  }

  /** The key ids and types, for the log: never the keys themselves. */
  static String describe(JWKSet keys) {
    StringBuilder text = new StringBuilder();
    for (JWK key : keys.getKeys()) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(Objects.requireNonNullElse(key.getKeyID(), "(no kid)"))
          .append(' ')
          .append(key.getKeyType());
    }
    return keys.size() + (keys.size() == 1 ? " key: " : " keys: ") + text;
  }

  private static String read(String location) throws KeyProblem {
    try {
      if (location.startsWith("http://") || location.startsWith("https://")) {
        return new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, MAX_BYTES)
            .retrieveResource(URI.create(location).toURL())
            .getContent();
      }
      Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
      if (Files.size(path) > MAX_BYTES) {
        throw new KeyProblem("it is larger than " + MAX_BYTES + " bytes");
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KeyProblem("it cannot be read (" + e + ")");
    } catch (IllegalArgumentException e) {
      throw new KeyProblem("it is not a path, file: URL or http(s): URL (" + e.getMessage() + ")");
    }
  }
}
