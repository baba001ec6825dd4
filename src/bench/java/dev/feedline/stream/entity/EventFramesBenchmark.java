package dev.feedline.stream.entity;

import dev.feedline.events.entity.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What "one serialization per event" costs: the envelope built once per event, the frame built once
 * per distinct list of matching feeds, and the lookup every further connection pays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@State(Scope.Thread)
public class EventFramesBenchmark {
  private Event event;
  // Fresh lists, as Connection.matching makes them per connection, not constants the JIT can fold.
  private List<String> oneFeed;
  private List<String> threeFeeds;
  private EventFrames built;

  @Setup
  public void setUp() {
    event = SampleEvents.post(42);
    oneFeed = new ArrayList<>(List.of("public"));
    threeFeeds = new ArrayList<>(List.of("home", "user:alice", "tag:java"));
    built = new EventFrames(event);
    built.frame(new ArrayList<>(oneFeed));
    built.frame(new ArrayList<>(threeFeeds));
  }

  /** Once per event: the envelope's prefix and suffix around the data. */
  @Benchmark
  public EventFrames envelope() {
    return new EventFrames(event);
  }

  /** Once per event with a public-only audience: envelope plus its only frame. */
  @Benchmark
  public String envelopeAndFrameOneFeed() {
    return new EventFrames(event).frame(oneFeed);
  }

  /** Once per event for a connection matching three feeds: envelope plus that frame. */
  @Benchmark
  public String envelopeAndFrameThreeFeeds() {
    return new EventFrames(event).frame(threeFeeds);
  }

  /** Per further connection with the same feeds: finding the frame already built. */
  @Benchmark
  public String builtFrameOneFeed() {
    return built.frame(oneFeed);
  }

  /** As above, for a three-feed list (hashed and compared element by element). */
  @Benchmark
  public String builtFrameThreeFeeds() {
    return built.frame(threeFeeds);
  }
}
