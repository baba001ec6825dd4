package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.feedline.it.push.PushReceiver;
import dev.feedline.it.push.PushReceiver.Answer;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * A node killed (SIGKILL) while its pushes wait on a push service leaves them in the store, and
 * another node sends them, each once: two nodes on one PostgreSQL schema with the same VAPID key
 * pair. Runs its own Liberty servers.
 */
@Order(1)
class PushFailoverIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int PUSHES = 3;

  @Test
  void pushesHeldByANodeThatDiesAreSentByAnotherEachOnce() throws Exception {
    try (PostgresSchema schema = PostgresSchema.createOrSkip();
        PushReceiver phone = PushReceiver.start();
        LibertyNode a = LibertyNode.create();
        LibertyNode b = LibertyNode.create()) {
      for (int i = 0; i < PUSHES; i++) {
        phone.answer(Answer.never()); // node a's tries: held open until it dies
      }
      Map<String, String> env = environment(schema);
      a.start(env);
      Api api = a.api();
      String alice = Api.uniqueUser("alice");
      String body =
          "{\"endpoint\":\""
              + phone.endpoint()
              + "\",\"keys\":{\"p256dh\":\""
              + phone.p256dh()
              + "\",\"auth\":\""
              + phone.auth()
              + "\"}}";
      assertEquals(201, api.postJson("api/v1/push/subscriptions", api.token(alice), body).status());
      for (int i = 0; i < PUSHES; i++) {
        api.put("api/v1/following/" + alice, api.token(Api.uniqueUser("fan" + i)));
      }
      List<String> held = ids(List.of(phone.next(WAIT), phone.next(WAIT), phone.next(WAIT)));

      a.kill();
      b.start(env);

      List<PushReceiver.Received> sent =
          List.of(phone.next(WAIT), phone.next(WAIT), phone.next(WAIT));
      for (PushReceiver.Received push : sent) {
        assertEquals(201, push.answered());
      }
      assertEquals(
          held.stream().sorted().toList(), ids(sent).stream().sorted().toList(), "each once");
      Poll.until(
          WAIT, "the outbox emptied", () -> outbox(schema) == 0, () -> outbox(schema) + " left");
      assertEquals(2 * PUSHES, phone.received().size(), "nothing sent twice");
    }
  }

  private static Map<String, String> environment(PostgresSchema schema) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    ECPublicKey publicKey = (ECPublicKey) pair.getPublic();
    byte[] point = new byte[65];
    point[0] = 4;
    System.arraycopy(unsigned(publicKey.getW().getAffineX()), 0, point, 1, 32);
    System.arraycopy(unsigned(publicKey.getW().getAffineY()), 0, point, 33, 32);
    Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
    Map<String, String> env = new HashMap<>();
    env.put("FEEDLINE_STORE_URL", schema.nodeUrl());
    env.put("FEEDLINE_STORE_USER", schema.user());
    env.put("FEEDLINE_PUSH_VAPID_PUBLIC_KEY", base64url.encodeToString(point));
    env.put(
        "FEEDLINE_PUSH_VAPID_PRIVATE_KEY",
        base64url.encodeToString(unsigned(((ECPrivateKey) pair.getPrivate()).getS())));
    // A lease of (1 s + 10 s) x 2 + 5 s: node a is killed well within its 10 s answer timeout.
    env.put("FEEDLINE_PUSH_CONNECT_TIMEOUT_MS", "1000");
    return env;
  }

  /** A coordinate or scalar as exactly 32 big-endian bytes. */
  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
    return fixed;
  }

  private static List<String> ids(List<PushReceiver.Received> pushes) {
    return pushes.stream()
        .map(p -> p.json().getJsonObject("notification").getString("id"))
        .toList();
  }

  private static long outbox(PostgresSchema schema) {
    try (Connection c = schema.connect();
        Statement select = c.createStatement();
        ResultSet rs = select.executeQuery("select count(*) from push_outbox")) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
