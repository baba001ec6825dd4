package dev.feedline.stream.control;

import dev.feedline.stream.entity.EventFrames;
import dev.feedline.stream.entity.SampleEvents;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bounded queue's own cost per delivery, on one thread: the writer "pool" runs the pump on the
 * caller and the send completes inline, so no thread handoff is measured, only the queue, its size
 * accounting, the writer claim and the completion.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@State(Scope.Thread)
public class SubscriberBenchmark {
  private static final Consumer<Throwable> IGNORE = error -> {};

  private String frame;
  private long sent;
  private DiscardingTransport transport;
  private Subscriber subscriber;

  @Setup
  public void setUp() {
    frame = new EventFrames(SampleEvents.post(1)).frame(List.of("public"));
    transport = new DiscardingTransport(() -> sent++);
    subscriber = new Subscriber(transport, 1 << 20, Runnable::run);
  }

  @TearDown
  public void check() {
    if (subscriber.closed() || subscriber.queued() != 0) {
      throw new IllegalStateException("the subscriber fell behind or closed: not measured right");
    }
  }

  /** The fake wire alone, to subtract: a send that completes inline. */
  @Benchmark
  public long sendOnly() {
    transport.send(frame, IGNORE);
    return sent;
  }

  /** One delivery through the Subscriber: offer, queue, claim the writer, send, complete. */
  @Benchmark
  public boolean offerAndSend() {
    return subscriber.offer(frame);
  }
}
