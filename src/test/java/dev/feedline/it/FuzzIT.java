package dev.feedline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.it.MalformedInputs.Case;
import dev.feedline.it.MalformedInputs.HttpCase;
import dev.feedline.it.MalformedInputs.Part;
import dev.feedline.it.MalformedInputs.SocketCase;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Malformed input from every side, each answered as API.md says: an error status with the JSON
 * error body and a code of the closed list, an error frame, or a close code; never a 5xx, an HTML
 * page or a server banner; and the node is still ready and still delivers afterwards.
 *
 * <p>Seeded: the seed is printed; {@code -Dfeedline.fuzz.seed=N} replays one run and {@code
 * -Dfeedline.fuzz.count=N} sets how many inputs are generated (the {@code fuzz} profile: 5,000).
 */
@ExtendWith(ItServer.class)
@ResourceLock(ItServer.LOCK)
class FuzzIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int DEFAULT_COUNT = 240;

  private final Api api = Api.itServer();
  private final RawHttp http = new RawHttp(api.base());
  private final java.util.SortedMap<String, Integer> answers = new java.util.TreeMap<>();

  @Test
  void everyMalformedInputIsAnsweredAsTheContractSaysAndTheNodeStaysWell() {
    long seed = Long.getLong("feedline.fuzz.seed", ThreadLocalRandom.current().nextLong());
    int count = Integer.getInteger("feedline.fuzz.count", DEFAULT_COUNT);
    System.out.println(
        "FuzzIT: seed "
            + seed
            + ", "
            + count
            + " generated inputs (-Dfeedline.fuzz.seed="
            + seed
            + " replays them)");
    MalformedInputs inputs = new MalformedInputs(seed, fixture());
    List<Case> cases = new ArrayList<>(inputs.fixed());
    cases.addAll(inputs.generate(count));

    List<String> failures = new ArrayList<>();
    answers.clear();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      String problem;
      try {
        problem = c instanceof HttpCase h ? check(h) : check((SocketCase) c);
      } catch (RuntimeException | AssertionError e) {
        problem = e.toString();
      }
      if (problem != null) {
        failures.add("#" + i + " " + MalformedInputs.abbreviate(c.name()) + ": " + problem);
      }
    }
    System.out.println("FuzzIT: " + cases.size() + " inputs answered " + answers);
    assertTrue(
        failures.isEmpty(),
        () ->
            failures.size()
                + " of "
                + cases.size()
                + " inputs answered wrongly (seed "
                + seed
                + "):\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));

    Api.Reply ready = api.get("health/ready", null);
    assertEquals(200, ready.status(), ready.body());
    stillDeliversALivePost();
  }

  /** A user with a post, and tokens that must be refused: expired, foreign, unsigned. */
  private MalformedInputs.Fixture fixture() {
    String user = Api.uniqueUser("fuzz");
    String token = api.token(user);
    String postId = api.createPost(token, "the post the fuzz edits").getString("id");
    Map<String, Object> expired = new java.util.HashMap<>(Tokens.claims(user, Tokens.LOCAL_ISSUER));
    expired.put("exp", Instant.now().getEpochSecond() - 3600);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String unsigned =
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(
                Json.createObjectBuilder(Tokens.claims(user, Tokens.LOCAL_ISSUER))
                    .build()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8))
            + ".";
    return new MalformedInputs.Fixture(
        token,
        postId,
        Tokens.sign(expired, Tokens.itServerKey()),
        Tokens.sign(Tokens.claims(user, Tokens.LOCAL_ISSUER), Tokens.newRsaKeyPair().getPrivate()),
        unsigned);
  }

  /** Null when the answer is the expected one; else what is wrong with it. */
  private String check(HttpCase c) {
    RawHttp.Reply reply = http.send(c.method(), c.target(), c.headers(), c.body());
    answers.merge("HTTP " + reply.status(), 1, Integer::sum);
    String answer = " (answered " + reply.status() + " " + abbreviateBody(reply) + ")";
    for (String banner : List.of("Server", "X-Powered-By", "$WSEP")) {
      if (reply.header(banner) != null) {
        return "a " + banner + " header" + answer;
      }
    }
    String type = reply.header("Content-Type");
    if (reply.status() >= 500) {
      return "a server error" + answer;
    }
    if ((type != null && type.contains("html")) || reply.text().stripLeading().startsWith("<")) {
      return "an HTML answer" + answer;
    }
    if (reply.status() != c.status()) {
      return "status " + reply.status() + ", expected " + c.status() + answer;
    }
    if (c.allow() != null && !c.allow().equals(reply.header("Allow"))) {
      return "Allow " + reply.header("Allow") + ", expected " + c.allow() + answer;
    }
    boolean json = type == null || type.startsWith("application/json");
    if (!json) {
      return "Content-Type " + type + answer;
    }
    if (c.code() == null || c.method().equals("HEAD")) {
      return null;
    }
    JsonObject body;
    try (JsonReader reader = Json.createReader(new StringReader(reply.text()))) {
      body = reader.readObject();
    } catch (RuntimeException e) {
      return "not a JSON object" + answer;
    }
    String code = body.getString("error", null);
    if (!MalformedInputs.CODES.contains(code)) {
      return "code " + code + " is not in API.md's list" + answer;
    }
    if (!(body.get("message") instanceof JsonString message) || message.getString().isBlank()) {
      return "no message" + answer;
    }
    if (message.getString().matches(".*(\\w+\\.)+\\w+(Exception|Error)\\b.*|.*\\.java:\\d+.*")) {
      return "a message naming a class or a stack frame" + answer;
    }
    return code.equals(c.code()) ? null : "code " + code + ", expected " + c.code() + answer;
  }

  private String check(SocketCase c) {
    try (StreamClient client = StreamClient.connect(api, c.token())) {
      try {
        for (Part part : c.parts()) {
          if (client.isClosed()) {
            break;
          }
          if (part.binary() != null) {
            client.sendBinary(part.binary(), part.last());
          } else if (part.last()) {
            client.send(part.text());
          } else {
            client.sendFragment(part.text(), false);
          }
        }
      } catch (IllegalStateException sendAfterClose) {
        // The server may close while the client still sends: the close code says why.
      }
      if (c.frameCode() == null) {
        int code = client.closeCode(WAIT);
        answers.merge("close " + code, 1, Integer::sum);
        return code == c.closeCode() ? null : "closed with " + code + ", expected " + c.closeCode();
      }
      JsonObject answer = client.next(WAIT);
      answers.merge(
          "frame " + answer.getString("code", answer.getString("type", "")), 1, Integer::sum);
      if (!"error".equals(answer.getString("type", ""))
          || !c.frameCode().equals(answer.getString("code", ""))) {
        return "answered " + answer + ", expected an error frame " + c.frameCode();
      }
      client.send("{\"type\":\"ping\",\"ref\":\"alive\"}");
      JsonObject pong = client.next(WAIT);
      return "pong".equals(pong.getString("type", ""))
              && Json.createValue("alive").equals(pong.get("ref"))
          ? null
          : "after the error frame, answered " + pong + " to a ping";
    }
  }

  private void stillDeliversALivePost() {
    String tag = "fuzz" + Api.uniqueUser("t").toLowerCase().replace("-", "_");
    try (StreamClient client = StreamClient.connect(api, null)) {
      client.subscribeAndWait("tag:" + tag, null);
      JsonObject post = api.createPost(api.token(Api.uniqueUser("after")), "still live", tag);
      JsonValue delivered = client.events(1, WAIT).get(0).getJsonObject("data");
      assertEquals(post, delivered, "the post made after the fuzz reached its subscriber");
    }
  }

  private static String abbreviateBody(RawHttp.Reply reply) {
    return MalformedInputs.abbreviate(reply.text());
  }
}
