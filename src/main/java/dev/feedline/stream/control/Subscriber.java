package dev.feedline.stream.control;

import dev.feedline.stream.entity.CloseCodes;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection's outbound side: a queue bounded by size ({@link OutboundQueue}) and exactly one
 * writer draining it, one send in flight at a time. {@link #offer} never blocks and never sends on
 * the caller's thread; a client that falls further behind than the bound, or whose send has not
 * completed within the send timeout, is closed with 4008 and resumes from its last id. Every call
 * into the transport is noted in the {@link CallWatch}, so a call that does not return is seen.
 */
public final class Subscriber {
  private static final Logger LOG = Logger.getLogger(Subscriber.class.getName());

  private final Transport transport;
  private final Executor writers;
  private final Executor closers;
  private final OutboundQueue queue;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Runnable pump = this::pump;
  private final Runnable onTooSlow;
  private final CallWatch watch;
  private final long sendTimeoutNanos;
  // When the send or ping in flight started; 0 when none is.
  private volatile long inFlightSince;
  private volatile int closeCode;

  /** Sends and closes on {@code executor} (tests and benchmarks: a close never waits there). */
  public Subscriber(Transport transport, long maxQueuedChars, Executor executor) {
    this(transport, maxQueuedChars, executor, executor, () -> {}, new CallWatch(), Long.MAX_VALUE);
  }

  /**
   * Sends on {@code writers} and closes on {@code closers}: a close can wait as long as a stalled
   * peer does not read, and must not hold up other connections' sends. {@code onTooSlow} runs once
   * if the subscriber is closed for falling behind. A send that has not completed after {@code
   * sendTimeoutNanos} counts as falling behind ({@link #closeIfOverdue}).
   */
  public Subscriber(
      Transport transport,
      long maxQueuedChars,
      Executor writers,
      Executor closers,
      Runnable onTooSlow,
      CallWatch watch,
      long sendTimeoutNanos) {
    this.transport = transport;
    this.queue = new OutboundQueue(maxQueuedChars);
    this.writers = writers;
    this.closers = closers;
    this.onTooSlow = onTooSlow;
    this.watch = watch;
    this.sendTimeoutNanos = sendTimeoutNanos;
  }

  /** The code this side closed the connection with; 0 while open or when the peer closed. */
  public int closeCode() {
    return closeCode;
  }

  public Transport transport() {
    return transport;
  }

  /** Queues a frame; false when the subscriber is closed, or closes now for being too slow. */
  public boolean offer(String frame) {
    if (closed.get()) {
      return false;
    }
    if (!queue.add(frame)) {
      close(CloseCodes.TOO_SLOW, "too slow: resume from your last id");
      return false;
    }
    kick();
    return true;
  }

  /**
   * Queues a frame like {@link #offer} but, when no send is running, leaves starting one to the
   * caller: true means the caller must call {@link #startWriting} once (the Hub starts many
   * subscribers in one writer task rather than one task each).
   */
  boolean offerDeferringStart(String frame) {
    if (closed.get()) {
      return false;
    }
    if (!queue.add(frame)) {
      close(CloseCodes.TOO_SLOW, "too slow: resume from your last id");
      return false;
    }
    return writing.compareAndSet(false, true);
  }

  /** Runs the writer on the calling (writer) thread after {@link #offerDeferringStart}. */
  void startWriting() {
    pump();
  }

  /** Queues a keep-alive behind whatever is queued. */
  public void ping() {
    if (!closed.get()) {
      queue.addPing();
      kick();
    }
  }

  /** Characters queued and not yet sent. */
  public long queued() {
    return queue.chars();
  }

  public boolean closed() {
    return closed.get();
  }

  /**
   * Closes with 4008 when the send or ping in flight started longer ago than the send timeout: the
   * peer stopped reading. Answers whether it did. A transport's own timeout may fail the send
   * first; this catches every transport, including one with no timeout of its own.
   */
  public boolean closeIfOverdue(long now) {
    long since = inFlightSince;
    if (since != 0 && now - since > sendTimeoutNanos && !closed.get()) {
      close(CloseCodes.TOO_SLOW, "too slow: resume from your last id");
      return true;
    }
    return false;
  }

  /** Closes once; later frames are dropped. */
  public void close(int code, String reason) {
    if (closed.compareAndSet(false, true)) {
      closeCode = code;
      queue.clear();
      if (code == CloseCodes.TOO_SLOW) {
        LOG.info("slow consumer: closing a " + transport.kind() + " connection with " + code);
        onTooSlow.run();
      }
      // Closing may wait on the transport: never on the caller's (the Hub's) thread, nor a writer.
      try {
        closers.execute(
            () -> {
              CallWatch.Slot call = watch.enter("close", transport);
              try {
                transport.close(code, reason);
              } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing a connection failed", e);
              } finally {
                watch.exit(call);
              }
            });
      } catch (RejectedExecutionException e) {
        LOG.log(Level.FINE, "The node has stopped; its connections end with it", e);
      }
    }
  }

  private void kick() {
    if (writing.compareAndSet(false, true)) {
      writers.execute(pump);
    }
  }

  /** Sends queued frames one at a time; loops while sends complete inline, else resumes later. */
  private void pump() {
    while (true) {
      if (closed.get()) {
        writing.set(false);
        return;
      }
      String next = queue.poll();
      if (next == null) {
        writing.set(false);
        if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
          return;
        }
        continue;
      }
      boolean ping = OutboundQueue.isPing(next);
      Completion completion = new Completion(OutboundQueue.room(next));
      inFlightSince = completion.started;
      CallWatch.Slot call = watch.enter(ping ? "ping" : "send", transport);
      try {
        if (ping) {
          transport.ping(completion);
        } else {
          transport.send(next, completion);
        }
      } catch (RuntimeException e) {
        completion.accept(e);
      } finally {
        watch.exit(call);
      }
      if (completion.phase.compareAndSet(Completion.IN_CALL, Completion.RETURNED)) {
        return; // the completion continues the pump when the send finishes
      }
    }
  }

  private void failed(Throwable error, long started) {
    if (System.nanoTime() - started >= sendTimeoutNanos) {
      // The transport's own send timeout: the peer stopped reading.
      close(CloseCodes.TOO_SLOW, "too slow: resume from your last id");
    } else {
      LOG.log(Level.FINE, "A send failed; closing the connection", error);
      close(CloseCodes.SERVER_ERROR, "send failed");
    }
    writing.set(false);
  }

  private final class Completion implements java.util.function.Consumer<Throwable> {
    static final int IN_CALL = 0;
    static final int DONE_INLINE = 1;
    static final int RETURNED = 2;
    final AtomicInteger phase = new AtomicInteger(IN_CALL);
    final int chars;
    final long started = System.nanoTime();

    Completion(int chars) {
      this.chars = chars;
    }

    @Override
    public void accept(Throwable error) {
      inFlightSince = 0;
      queue.release(chars);
      if (error != null) {
        phase.set(DONE_INLINE);
        failed(error, started);
        return;
      }
      if (!phase.compareAndSet(IN_CALL, DONE_INLINE)) {
        pump(); // completed after send() returned: this thread carries on
      }
    }
  }
}
