package dev.feedline.it.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.it.push.PushReceiver.Answer;
import dev.feedline.it.push.PushReceiver.Received;
import dev.feedline.push.control.PushEncryption;
import dev.feedline.push.control.SubscriptionKeys;
import dev.feedline.push.control.VapidKeys;
import dev.feedline.push.control.VapidSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The receiver over HTTP, fed by the service's own encryption and signing. */
class PushReceiverTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final VapidKeys KEYS = VapidKeys.generate();

  private final HttpClient client = HttpClient.newHttpClient();
  private final VapidSigner signer =
      new VapidSigner(KEYS, "mailto:ops@feedline.example", Duration.ofHours(12), Clock.systemUTC());
  private final PushEncryption encryption = new PushEncryption();
  private PushReceiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = PushReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private HttpRequest.Builder push(String json, URI audience) {
    SubscriptionKeys keys = SubscriptionKeys.parse(receiver.p256dh(), receiver.auth());
    byte[] body = encryption.encrypt(keys, json.getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(receiver.endpoint())
        .timeout(WAIT)
        .header("TTL", "172800")
        .header("Urgency", "high")
        .header("Content-Encoding", "aes128gcm")
        .header("Authorization", signer.authorization(audience))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private HttpResponse<Void> send(String json) throws Exception {
    return client.send(
        push(json, receiver.endpoint()).build(), HttpResponse.BodyHandlers.discarding());
  }

  private static String message(int n) {
    return "{\"notification\":{\"id\":\""
        + n
        + "\",\"type\":\"mention\"},\"title\":\"t\",\"body\":\"b\"}";
  }

  @Test
  void answersFollowTheScriptThenEveryPushIsCreated() throws Exception {
    receiver.answer(
        Answer.status(503), Answer.retryAfter(429, "7"), Answer.status(201), Answer.status(410));

    HttpResponse<Void> unavailable = send(message(1));
    HttpResponse<Void> tooMany = send(message(2));
    HttpResponse<Void> created = send(message(3));
    HttpResponse<Void> gone = send(message(4));
    HttpResponse<Void> afterScript = send(message(5));

    assertEquals(503, unavailable.statusCode());
    assertEquals(429, tooMany.statusCode());
    assertEquals("7", tooMany.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(201, created.statusCode());
    assertTrue(created.headers().firstValue("Location").isPresent());
    assertEquals(410, gone.statusCode());
    assertEquals(201, afterScript.statusCode());
    assertEquals(5, receiver.received().size());
  }

  @Test
  void eachPushIsRecordedWithItsHeadersAndDecryptedJson() throws Exception {
    send(message(17));

    Received push = receiver.next(WAIT);
    assertNull(push.problem());
    assertEquals("POST", push.method());
    assertEquals("172800", push.header("ttl"));
    assertEquals("high", push.header("Urgency"));
    assertEquals("aes128gcm", push.header("Content-Encoding"));
    assertEquals("17", push.json().getJsonObject("notification").getString("id"));
    assertEquals(201, push.answered());
  }

  @Test
  void aPushNeverAnsweredTimesOutAtTheSenderWithoutHoldingOthers() throws Exception {
    receiver.answer(Answer.never());
    HttpRequest held =
        push(message(1), receiver.endpoint()).timeout(Duration.ofMillis(500)).build();

    assertThrows(
        HttpTimeoutException.class,
        () -> client.send(held, HttpResponse.BodyHandlers.discarding()));

    assertEquals("1", receiver.next(WAIT).json().getJsonObject("notification").getString("id"));
    assertEquals(201, send(message(2)).statusCode());
  }

  @Test
  void aTokenForAnotherOriginIsRefusedWithoutUsingTheScript() throws Exception {
    receiver.answer(Answer.status(410));
    HttpRequest wrongAudience =
        push(message(1), URI.create("https://push.example.net/p/1")).build();

    assertEquals(
        401, client.send(wrongAudience, HttpResponse.BodyHandlers.discarding()).statusCode());
    assertTrue(receiver.next(WAIT).problem().startsWith("vapid: aud is https://push.example.net"));
    assertEquals(410, send(message(2)).statusCode());
  }

  @Test
  void aBodyForAnotherSubscriptionIsTakenButRecordedAsUnreadable() throws Exception {
    UserAgent someoneElse = UserAgent.create();
    byte[] body =
        encryption.encrypt(
            SubscriptionKeys.parse(someoneElse.p256dh(), someoneElse.auth()),
            message(1).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        push(message(1), receiver.endpoint())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();

    // A push service cannot read the body either: only the browser finds it unreadable.
    assertEquals(201, client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    Received push = receiver.next(WAIT);
    assertNull(push.plaintext());
    assertNotNull(push.problem());
    assertTrue(push.problem().contains("does not decrypt"), push.problem());
  }
}
