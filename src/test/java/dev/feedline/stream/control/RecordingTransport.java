package dev.feedline.stream.control;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A fake wire that records what a {@link Subscriber} writes and counts sends in flight. Sends
 * complete inline, on an executor, or only when the test says so ({@link #completeNext}).
 */
class RecordingTransport implements Transport {
  /** Marks a keep-alive among the recorded outputs. */
  static final String PING = "<ping>";

  /** How a send completes. */
  enum Mode {
    INLINE,
    ON_EXECUTOR,
    DEFERRED
  }

  private volatile Mode mode;
  private final Executor completer;
  private final String kind;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Throwable failure;

  // Guarded by this.
  private final List<String> outputs = new ArrayList<>();
  private final List<Thread> writerThreads = new ArrayList<>();
  private final List<Integer> closes = new ArrayList<>();
  private final Deque<Consumer<Throwable>> waiting = new ArrayDeque<>();

  RecordingTransport(Mode mode) {
    this(mode, null, "websocket");
  }

  RecordingTransport(Mode mode, Executor completer, String kind) {
    this.mode = mode;
    this.completer = completer;
    this.kind = kind;
  }

  static RecordingTransport completingOn(Executor completer) {
    return new RecordingTransport(Mode.ON_EXECUTOR, completer, "websocket");
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  /** Fails every later send and ping with {@code error}. */
  void failWith(Throwable error) {
    this.failure = error;
  }

  @Override
  public void send(String text, Consumer<Throwable> done) {
    write(text, done);
  }

  @Override
  public void ping(Consumer<Throwable> done) {
    write(PING, done);
  }

  private void write(String output, Consumer<Throwable> done) {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    synchronized (this) {
      outputs.add(output);
      writerThreads.add(Thread.currentThread());
      notifyAll();
    }
    Consumer<Throwable> finish =
        error -> {
          // Out of flight before the subscriber may start the next send from this very call.
          inFlight.decrementAndGet();
          done.accept(error);
        };
    Throwable error = failure;
    if (error != null) {
      finish.accept(error);
      return;
    }
    switch (mode) {
      case INLINE -> finish.accept(null);
      case ON_EXECUTOR -> completer.execute(() -> finish.accept(null));
      case DEFERRED -> {
        synchronized (this) {
          waiting.add(finish);
          notifyAll();
        }
      }
    }
  }

  /** Completes the oldest deferred send successfully, on the calling thread. */
  void completeNext() {
    completeNext(null);
  }

  /** Completes the oldest deferred send with {@code error} (null: success), on this thread. */
  void completeNext(Throwable error) {
    Consumer<Throwable> next;
    synchronized (this) {
      next = waiting.poll();
    }
    if (next == null) {
      throw new AssertionError("no send is waiting for completion");
    }
    next.accept(error);
  }

  @Override
  public void close(int code, String reason) {
    synchronized (this) {
      closes.add(code);
      notifyAll();
    }
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public String toString() {
    return kind + " " + Integer.toHexString(System.identityHashCode(this));
  }

  synchronized List<String> outputs() {
    return List.copyOf(outputs);
  }

  /** The frames sent, without keep-alives. */
  synchronized List<String> frames() {
    return outputs.stream().filter(o -> !o.equals(PING)).toList();
  }

  synchronized List<Thread> writerThreads() {
    return List.copyOf(writerThreads);
  }

  synchronized List<Integer> closes() {
    return List.copyOf(closes);
  }

  synchronized int waitingCompletions() {
    return waiting.size();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  int inFlight() {
    return inFlight.get();
  }

  /** Waits until {@code condition} (checked under this transport's lock) holds, or fails. */
  synchronized void await(String what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "timed out waiting for " + what + "; outputs: " + outputs + ", closes: " + closes);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  void awaitOutputs(int count) {
    await(count + " outputs", Duration.ofSeconds(30), () -> outputs.size() >= count);
  }

  void awaitClose() {
    await("a close", Duration.ofSeconds(30), () -> !closes.isEmpty());
  }

  void awaitWaiting(int count) {
    await(count + " waiting sends", Duration.ofSeconds(30), () -> waiting.size() >= count);
  }
}
