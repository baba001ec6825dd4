package dev.feedline.push.control;

import dev.feedline.errors.InvalidInputException;
import dev.feedline.metrics.control.FeedlineMetrics;
import dev.feedline.store.control.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends the outbox's pushes, off every request thread: a timer takes as many due pushes as this
 * node has free senders (at each poll, and at once when a sender finishes while more were due), and
 * a pool of its own sends each with short connect and answer timeouts, so one slow push service
 * holds one sender for at most its timeout and never the others. The answer decides ({@link
 * PushOutcome}); what the store must remember of it is written at once.
 */
@ApplicationScoped
public class PushSender {
  private static final Logger LOG = Logger.getLogger(PushSender.class.getName());

  @Inject PushSettings settings;
  @Inject Database database;
  @Inject FeedlineMetrics metrics;

  private final PushEncryption encryption = new PushEncryption();
  private ScheduledExecutorService timer;
  private ExecutorService senders;
  private Semaphore free;
  private HttpClient http;
  private volatile PushOutbox.Depth depth = new PushOutbox.Depth(0, null);
  // Set when the last take filled every free sender: more may be due, so the next sender to
  // finish takes again at once rather than at the next poll.
  private final AtomicBoolean backlog = new AtomicBoolean();

  /** Starts sending when push is configured; the outbox's gauges either way. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> daemon(new Thread(r, "feedline-push-timer")));
    metrics.gauge("feedline.push.outbox.depth", () -> depth.count());
    metrics.gauge(
        "feedline.push.outbox.oldest.seconds",
        () ->
            depth.oldest() == null
                ? 0
                : Duration.between(depth.oldest(), Instant.now()).toMillis() / 1000.0);
    timer.scheduleWithFixedDelay(this::measure, 0, 5, TimeUnit.SECONDS);
    if (settings.signer().isEmpty()) {
      LOG.info("Web Push is off: no VAPID key pair and contact configured");
      return;
    }
    int concurrency = settings.concurrency();
    free = new Semaphore(concurrency);
    senders =
        Executors.newFixedThreadPool(concurrency, r -> daemon(new Thread(r, "feedline-push")));
    http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    long every = settings.pollInterval().toMillis();
    timer.scheduleWithFixedDelay(this::takeDue, every, every, TimeUnit.MILLISECONDS);
  }

  /** Stops taking pushes; those in flight end within their timeout, the rest stay queued. */
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    if (senders != null) {
      senders.shutdownNow();
    }
  }

  private void takeDue() {
    try {
      int available = free.availablePermits();
      if (available == 0) {
        return;
      }
      Instant now = Instant.now();
      List<PushOutbox.Taken> taken =
          database.inTransaction(
              c -> PushOutbox.take(c, available, now, now.plus(settings.lease())));
      backlog.set(taken.size() == available);
      for (PushOutbox.Taken push : taken) {
        free.acquireUninterruptibly();
        try {
          senders.execute(() -> sendAndRecord(push));
        } catch (RejectedExecutionException stopping) {
          free.release();
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot take pushes from the outbox now: " + e.getMessage(), e);
    }
  }

  private void sendAndRecord(PushOutbox.Taken push) {
    try {
      PushOutcome outcome = send(push);
      database.inTransaction(
          c -> {
            outcome.record(c, push);
            return null;
          });
      metrics.pushed(outcome.name());
      if (outcome.removesSubscription()) {
        metrics.pushSubscriptionRemoved();
      }
    } catch (RuntimeException e) {
      // The lease ends and the push is taken again: at least once, never lost.
      LOG.log(Level.WARNING, "A push could not be recorded; it is tried again", e);
    } finally {
      free.release();
      if (backlog.compareAndSet(true, false)) {
        try {
          timer.execute(this::takeDue);
        } catch (RejectedExecutionException stopping) {
          // the node stops; what is due stays in the outbox
        }
      }
    }
  }

  private PushOutcome send(PushOutbox.Taken push) {
    Instant now = Instant.now();
    Instant expires = push.createdAt().plus(settings.ttl());
    if (!now.isBefore(expires)) {
      return PushOutcome.expired();
    }
    URI endpoint = URI.create(push.endpoint());
    try {
      PushEndpoints.checkTarget(endpoint, settings.local());
    } catch (InvalidInputException e) {
      LOG.info("Push subscription " + push.subscriptionId() + " removed: " + e.getMessage());
      return PushOutcome.refusedEndpoint();
    }
    VapidSigner signer = settings.signer().orElseThrow();
    byte[] body =
        encryption.encrypt(
            SubscriptionKeys.parse(push.p256dh(), push.auth()),
            PushMessage.of(push.notification()));
    long ttl = Math.max(0, Duration.between(now, expires).toSeconds());
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(settings.timeout())
            .header("TTL", Long.toString(ttl))
            .header(
                "Urgency",
                push.type().equals("mention") || push.type().equals("reply") ? "high" : "normal")
            .header("Content-Encoding", "aes128gcm")
            .header("Content-Type", "application/octet-stream")
            .header("Authorization", signer.authorization(endpoint))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
      return PushOutcome.of(
          answer.statusCode(),
          answer.headers().firstValue("Retry-After").orElse(null),
          push.attempts(),
          now,
          expires,
          settings.maxBackoff());
    } catch (java.io.IOException e) {
      return PushOutcome.unanswered(push.attempts(), now, expires, settings.maxBackoff());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PushOutcome.unanswered(push.attempts(), now, expires, settings.maxBackoff());
    }
  }

  private void measure() {
    try {
      depth = database.inTransaction(PushOutbox::depth);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Cannot measure the push outbox now", e);
    }
  }

  private static Thread daemon(Thread thread) {
    thread.setDaemon(true);
    return thread;
  }
}
