package dev.feedline.stream.control;

import dev.feedline.bus.control.LocalBus;
import dev.feedline.feeds.entity.Feed;
import dev.feedline.store.control.Database;
import dev.feedline.store.control.Migrations;
import dev.feedline.store.control.TestDatabases;
import dev.feedline.store.control.TestDatabases.TestDatabase;
import dev.feedline.stream.entity.SampleEvents;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A real Hub fanning each event out to every connection, all subscribed to {@code public}: the
 * event goes through the Bus to the dispatcher thread, is serialized once, queued to each
 * connection's Subscriber and sent by the writer threads through a wire that discards it. One
 * operation is one event, timed until all of its deliveries completed; the {@code deliveries}
 * counter reports the same time per delivery.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class HubFanOutBenchmark {
  @Param({"100", "1000", "10000"})
  public int connections;

  private TestDatabase testDatabase;
  private LocalBus bus;
  private Hub hub;
  private final DeliveryCounter counter = new DeliveryCounter();
  private long expected;
  private long lastId;

  /** Per-delivery time: JMH divides the measured time by this count of deliveries. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Deliveries {
    public long deliveries;
  }

  @Setup(Level.Trial)
  public void start() {
    testDatabase = TestDatabases.h2();
    Migrations.migrate(testDatabase.dataSource());
    bus = new LocalBus();
    hub = new Hub();
    hub.bus = bus;
    hub.database = new Database(testDatabase.dataSource());
    hub.settings = settings(connections);
    hub.start();
    for (int i = 0; i < connections; i++) {
      Connection connection =
          new Connection(
              "bench-" + i, null, hub.subscriber(new DiscardingTransport(counter::sent)));
      if (hub.connect(connection) != 0) {
        throw new IllegalStateException("connection " + i + " was refused");
      }
      hub.subscribe(connection, Feed.PUBLIC, null, null);
    }
    // Each connection is sent its "subscribed" frame; after those, only events are sent.
    expected = connections;
    counter.expect(expected);
    counter.await(expected);
    lastId = hub.position();
  }

  /** The production defaults, with the timers that would add noise (pings, pruning) pushed out. */
  private static StreamSettings settings(int connections) {
    StreamSettings settings = new StreamSettings();
    settings.queueMaxBytes = 1 << 20;
    settings.maxFrameBytes = 4096;
    settings.maxSubscriptions = 50;
    settings.maxConnections = connections;
    settings.maxConnectionsPerUser = 20;
    settings.maxBadFrames = 10;
    settings.pingIntervalSeconds = 3600;
    settings.pongTimeoutSeconds = 3600;
    settings.drainSeconds = 0;
    settings.replayMaxEvents = 10_000;
    settings.historyMaxEvents = 100_000;
    settings.holdMaxEvents = 10_000;
    settings.gapFillDelayMs = 100;
    settings.pollIntervalMs = 1000;
    settings.pruneIntervalSeconds = 3600;
    settings.writerThreads = 2;
    settings.closerThreads = 2;
    settings.resumeWindowMs = 25;
    return settings;
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    hub.drain();
    testDatabase.close();
  }

  /**
   * Publishes one event (ids follow on, so the Hub never waits for a gap) and returns when every
   * connection's send of it completed.
   */
  @Benchmark
  public void publishToAll(Deliveries deliveries) {
    expected += connections;
    counter.expect(expected);
    bus.publish(SampleEvents.post(++lastId));
    counter.await(expected);
    deliveries.deliveries += connections;
  }
}
