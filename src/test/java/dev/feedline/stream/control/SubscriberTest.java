package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.stream.control.RecordingTransport.Mode;
import dev.feedline.stream.entity.CloseCodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubscriberTest {
  private static final long NEVER = Long.MAX_VALUE;
  private static final long ROOMY = 1L << 30;
  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void stopPools() throws InterruptedException {
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  private ExecutorService pool(int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    pools.add(pool);
    return pool;
  }

  private static List<String> frames(String prefix, int count) {
    List<String> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      frames.add(prefix + i);
    }
    return frames;
  }

  @Test
  void framesGoOutInTheOrderTheyWereOffered() {
    RecordingTransport transport = new RecordingTransport(Mode.INLINE);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);

    List<String> offered = frames("f", 1000);
    offered.forEach(f -> assertTrue(subscriber.offer(f)));

    assertEquals(offered, transport.frames());
    assertEquals(1, transport.maxInFlight());
    assertEquals(0, subscriber.queued());
  }

  @Test
  void withDeferredCompletionsOnlyOneSendIsInFlightAndTheNextFollowsItsCompletion() {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);

    List<String> offered = frames("f", 5);
    offered.forEach(f -> assertTrue(subscriber.offer(f)));

    assertEquals(List.of("f0"), transport.frames(), "one send in flight, the rest queued");
    for (int sent = 1; sent < offered.size(); sent++) {
      assertEquals(1, transport.inFlight());
      transport.completeNext();
      assertEquals(offered.subList(0, sent + 1), transport.frames());
    }
    transport.completeNext();
    assertEquals(0, transport.inFlight());
    assertEquals(1, transport.maxInFlight());
    assertEquals(0, subscriber.queued());
  }

  @Test
  void queuedCountsCharactersUntilTheirSendCompletes() {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);

    subscriber.offer("abc");
    subscriber.offer("de");
    assertEquals(5, subscriber.queued(), "the frame in flight still counts");

    transport.completeNext();
    assertEquals(2, subscriber.queued());
    transport.completeNext();
    assertEquals(0, subscriber.queued());
  }

  @Test
  void concurrentOffersNeverPutTwoSendsInFlightAndKeepEachProducersOrder() throws Exception {
    ExecutorService completer = pool(3);
    RecordingTransport transport = RecordingTransport.completingOn(completer);
    Subscriber subscriber = new Subscriber(transport, ROOMY, pool(4));
    int producers = 6;
    int perProducer = 3000;
    ExecutorService callers = pool(producers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      String prefix = "p" + p + "-";
      done.add(
          callers.submit(
              () -> {
                start.await();
                for (String frame : frames(prefix, perProducer)) {
                  assertTrue(subscriber.offer(frame));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }

    transport.await(
        "every frame", Duration.ofSeconds(60), () -> transport.frames().size() >= 18_000);
    List<String> sent = transport.frames();
    assertEquals(producers * perProducer, sent.size());
    assertEquals(producers * perProducer, new HashSet<>(sent).size(), "no frame twice");
    assertEquals(1, transport.maxInFlight(), "never two sends in flight");
    for (int p = 0; p < producers; p++) {
      String prefix = "p" + p + "-";
      List<String> own = sent.stream().filter(f -> f.startsWith(prefix)).toList();
      assertEquals(frames(prefix, perProducer), own, "producer " + p + "'s order");
    }
    transport.await("the last completion", Duration.ofSeconds(30), () -> transport.inFlight() == 0);
    assertEquals(0, subscriber.queued());
  }

  @Test
  void offerNeverSendsOnTheCallersThreadWhenCompletionsAreDeferred() throws Exception {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, ROOMY, pool(1));
    ExecutorService producer = pool(1);
    Thread producerThread = producer.submit(Thread::currentThread).get(30, TimeUnit.SECONDS);

    for (int round = 0; round < 3; round++) {
      producer.submit(() -> subscriber.offer("a")).get(30, TimeUnit.SECONDS);
      producer.submit(() -> subscriber.offer("b")).get(30, TimeUnit.SECONDS);
      transport.awaitWaiting(1);
      transport.completeNext();
      transport.awaitWaiting(1);
      transport.completeNext();
      transport.awaitOutputs(2 * (round + 1));
    }

    assertEquals(List.of("a", "b", "a", "b", "a", "b"), transport.frames());
    for (Thread writer : transport.writerThreads()) {
      assertNotSame(producerThread, writer, "a send ran inside offer()");
    }
    assertEquals(1, transport.maxInFlight());
  }

  @Test
  void offerWhileASendIsInFlightOnlyQueuesEvenWithADirectExecutor() {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);
    subscriber.offer("first");

    for (int i = 0; i < 10; i++) {
      assertTrue(subscriber.offer("more" + i));
    }

    assertEquals(List.of("first"), transport.frames());
    assertEquals(1, transport.waitingCompletions());
  }

  @Test
  void overflowPastTheBoundClosesWith4008AndLaterOffersAreRefused() {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, 10, Runnable::run);

    assertTrue(subscriber.offer("aaaaa"), "in flight: 5 of 10");
    assertTrue(subscriber.offer("bbbbb"), "queued: exactly at the bound is still allowed");
    assertFalse(subscriber.offer("c"), "one character over the bound");

    assertTrue(subscriber.closed());
    assertEquals(List.of(CloseCodes.TOO_SLOW), transport.closes());
    assertFalse(subscriber.offer("d"));
    assertFalse(subscriber.offer("much too long for the bound"));
    subscriber.ping();
    transport.completeNext();
    assertEquals(List.of("aaaaa"), transport.outputs(), "nothing is sent after the close");
    assertEquals(List.of(CloseCodes.TOO_SLOW), transport.closes(), "closed exactly once");
  }

  @Test
  void concurrentOverflowClosesExactlyOnce() throws Exception {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, 1000, pool(2));
    int producers = 8;
    ExecutorService callers = pool(producers);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger refused = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      done.add(
          callers.submit(
              () -> {
                start.await();
                for (int i = 0; i < 500; i++) {
                  if (!subscriber.offer("0123456789")) {
                    refused.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }

    transport.awaitClose();
    assertTrue(subscriber.closed());
    assertTrue(refused.get() > 0);
    assertFalse(subscriber.offer("x"));
    assertEquals(List.of(CloseCodes.TOO_SLOW), transport.closes());
  }

  @Test
  void pingGoesThroughTheSameSingleWriterQueue() {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);

    subscriber.offer("a");
    subscriber.ping();
    subscriber.offer("b");
    assertEquals(List.of("a"), transport.outputs(), "the ping waits behind the send in flight");

    transport.completeNext();
    assertEquals(List.of("a", RecordingTransport.PING), transport.outputs());
    transport.completeNext();
    assertEquals(List.of("a", RecordingTransport.PING, "b"), transport.outputs());
    transport.completeNext();
    assertEquals(1, transport.maxInFlight());
  }

  @Test
  void aFrameThatSpellsPingIsSentAsAFrameNotAKeepAlive() {
    RecordingTransport transport = new RecordingTransport(Mode.INLINE);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);

    subscriber.offer(new String("ping"));
    subscriber.offer("ping");

    assertEquals(List.of("ping", "ping"), transport.outputs());
  }

  @Test
  void aFailedSendClosesTheConnection() {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);
    subscriber.offer("a");
    subscriber.offer("b");

    transport.failWith(new java.io.IOException("broken pipe"));
    transport.completeNext();

    assertTrue(subscriber.closed());
    assertEquals(1, transport.closes().size());
    assertFalse(subscriber.offer("c"));
    assertEquals(List.of("a", "b"), transport.outputs(), "b was tried and failed; nothing after");
    assertEquals(1, transport.closes().size(), "closed once");
  }

  @Test
  void aSendThatThrowsClosesTheConnection() {
    Transport throwing =
        new RecordingTransport(Mode.INLINE) {
          @Override
          public void send(String text, java.util.function.Consumer<Throwable> done) {
            throw new IllegalStateException("another Write or Close is in progress");
          }
        };
    RecordingTransport recording = (RecordingTransport) throwing;
    Subscriber subscriber = new Subscriber(throwing, ROOMY, Runnable::run);

    subscriber.offer("a");

    assertTrue(subscriber.closed());
    assertEquals(1, recording.closes().size());
    assertFalse(subscriber.offer("b"));
  }

  @Test
  void aFailedPingClosesTheConnection() {
    RecordingTransport transport = new RecordingTransport(Mode.INLINE);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);
    transport.failWith(new java.io.IOException("gone"));

    subscriber.ping();

    assertTrue(subscriber.closed());
    assertEquals(1, transport.closes().size());
  }

  @Test
  void closeClosesTheTransportOnceWithItsCodeAndDropsWhatIsQueued() {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);
    subscriber.offer("a");
    subscriber.offer("b");

    subscriber.close(CloseCodes.GOING_AWAY, "draining");
    subscriber.close(CloseCodes.NORMAL, "closed");
    transport.completeNext();

    assertEquals(List.of(CloseCodes.GOING_AWAY), transport.closes());
    assertEquals(List.of("a"), transport.outputs());
    assertFalse(subscriber.offer("c"));
  }

  @Test
  void closeNeverRunsTheTransportsCloseOnTheCallersThread() throws Exception {
    Thread caller = Thread.currentThread();
    List<Thread> closers = new ArrayList<>();
    CountDownLatch closed = new CountDownLatch(1);
    Transport transport =
        new RecordingTransport(Mode.INLINE) {
          @Override
          public void close(int code, String reason) {
            synchronized (closers) {
              closers.add(Thread.currentThread());
            }
            closed.countDown();
          }
        };
    Subscriber subscriber = new Subscriber(transport, ROOMY, pool(1));

    subscriber.close(CloseCodes.TOO_SLOW, "too slow");

    assertTrue(closed.await(30, TimeUnit.SECONDS));
    synchronized (closers) {
      assertNotSame(caller, closers.get(0));
    }
  }

  @Test
  void inlineCompletionsDoNotRecurse() {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    Subscriber subscriber = new Subscriber(transport, ROOMY, Runnable::run);
    int count = 100_000;

    // The first send waits, so everything else queues behind it; its completion then drains the
    // queue on this thread while every later send completes inline.
    for (int i = 0; i < count; i++) {
      subscriber.offer("f" + i);
    }
    transport.mode(Mode.INLINE);
    transport.completeNext();

    List<String> sent = transport.frames();
    assertEquals(count, sent.size());
    assertEquals("f" + (count - 1), sent.get(count - 1));
    assertFalse(subscriber.closed());
    assertEquals(0, subscriber.queued());
  }

  @Test
  void inlineCompletionsDoNotRecurseOnAWriterThread() throws Exception {
    RecordingTransport transport = new RecordingTransport(Mode.INLINE);
    ExecutorService writer = pool(1);
    Subscriber subscriber = new Subscriber(transport, ROOMY, writer);
    int count = 100_000;
    // Park the writer so every frame queues first and one pump drains them all.
    CountDownLatch release = new CountDownLatch(1);
    writer.execute(
        () -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    for (int i = 0; i < count; i++) {
      subscriber.offer("f" + i);
    }
    release.countDown();

    transport.awaitOutputs(count);
    Set<Thread> writers = new HashSet<>(transport.writerThreads());
    assertEquals(1, writers.size());
    assertFalse(subscriber.closed());
    assertEquals(List.copyOf(frames("f", count)), transport.frames());
  }

  @Test
  void aCloseThatWaitsOnAStalledPeerNeverHoldsUpAnotherConnectionsSends() {
    CallWatch watch = new CallWatch();
    ExecutorService writers = pool(1);
    ExecutorService closers = pool(1);
    CountDownLatch peerReads = new CountDownLatch(1);
    RecordingTransport stalled =
        new RecordingTransport(Mode.INLINE) {
          @Override
          public void close(int code, String reason) {
            // The close frame cannot be written until the peer reads again.
            try {
              peerReads.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.close(code, reason);
          }
        };
    RecordingTransport healthy = new RecordingTransport(Mode.INLINE);
    Subscriber slow = new Subscriber(stalled, 10, writers, closers, () -> {}, watch, NEVER);
    Subscriber other = new Subscriber(healthy, ROOMY, writers, closers, () -> {}, watch, NEVER);
    try {
      assertFalse(slow.offer("more than ten characters"), "over its bound: closed with 4008");
      for (String frame : frames("f", 50)) {
        other.offer(frame);
      }

      healthy.awaitOutputs(50);
      assertEquals(frames("f", 50), healthy.frames());
      assertEquals(List.of(), stalled.closes(), "the close still waits on the stalled peer");
      // The closer thread may not have entered the close yet when the other's sends are done.
      CallWatch.Call longest = awaitCall(watch);
      assertEquals("close", longest.what(), "the watchdog sees the close in progress");
      assertEquals(stalled.toString(), longest.connection());
    } finally {
      peerReads.countDown();
    }
    stalled.awaitClose();
    assertEquals(List.of(CloseCodes.TOO_SLOW), stalled.closes());
  }

  @Test
  void aSendStillInFlightPastTheSendTimeoutClosesWith4008() {
    RecordingTransport transport = new RecordingTransport(Mode.DEFERRED);
    long timeout = TimeUnit.SECONDS.toNanos(10);
    Subscriber subscriber =
        new Subscriber(
            transport, ROOMY, Runnable::run, Runnable::run, () -> {}, new CallWatch(), timeout);
    subscriber.offer("stuck");
    long now = System.nanoTime();

    assertFalse(subscriber.closeIfOverdue(now), "within the timeout");
    assertFalse(subscriber.closed());
    assertTrue(subscriber.closeIfOverdue(now + 2 * timeout), "past the timeout");
    assertEquals(List.of(CloseCodes.TOO_SLOW), transport.closes());
  }

  @Test
  void anIdleSubscriberIsNeverOverdue() {
    RecordingTransport transport = new RecordingTransport(Mode.INLINE);
    Subscriber subscriber =
        new Subscriber(
            transport, ROOMY, Runnable::run, Runnable::run, () -> {}, new CallWatch(), 1);
    subscriber.offer("sent at once");

    assertFalse(subscriber.closeIfOverdue(System.nanoTime() + TimeUnit.HOURS.toNanos(1)));
    assertEquals(List.of(), transport.closes());
  }

  @Test
  void aSendThatFailsByTheTransportsOwnTimeoutClosesWith4008OtherFailuresWith1011() {
    RecordingTransport timedOut = new RecordingTransport(Mode.DEFERRED);
    Subscriber slow =
        new Subscriber(timedOut, ROOMY, Runnable::run, Runnable::run, () -> {}, new CallWatch(), 0);
    slow.offer("times out");
    timedOut.completeNext(new java.net.SocketTimeoutException("write timed out"));
    assertEquals(List.of(CloseCodes.TOO_SLOW), timedOut.closes());

    RecordingTransport broken = new RecordingTransport(Mode.DEFERRED);
    Subscriber other =
        new Subscriber(
            broken, ROOMY, Runnable::run, Runnable::run, () -> {}, new CallWatch(), NEVER);
    other.offer("fails");
    broken.completeNext(new java.io.IOException("connection reset"));
    assertEquals(List.of(CloseCodes.SERVER_ERROR), broken.closes());
  }

  /** The longest call the watch sees, once there is one (within ten seconds). */
  private static CallWatch.Call awaitCall(CallWatch watch) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    CallWatch.Call call;
    while ((call = watch.longest()) == null) {
      assertTrue(System.nanoTime() < deadline, "no call in progress within 10 s");
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    return call;
  }
}
