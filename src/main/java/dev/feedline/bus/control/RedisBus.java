package dev.feedline.bus.control;

import dev.feedline.events.entity.Event;
import dev.feedline.json.Json;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bus over Redis pub/sub: an event goes to this node's Hub at once and to every other node
 * through one channel. Publishing never waits on Redis (while it is down, commands are refused at
 * once rather than buffered: the other nodes read those events from the store). The client
 * reconnects and subscribes again by itself; until the first connection, it keeps trying.
 */
public final class RedisBus extends LocalBus {
  static final String CHANNEL = "feedline:events";
  private static final Logger LOG = Logger.getLogger(RedisBus.class.getName());

  private final RedisClient client;
  private final ScheduledExecutorService connector;
  private volatile StatefulRedisPubSubConnection<String, String> subscriber;
  private volatile StatefulRedisConnection<String, String> publisher;

  public RedisBus(String url, Duration connectTimeout, Duration commandTimeout) {
    RedisURI uri = RedisURI.create(url);
    uri.setTimeout(commandTimeout);
    client = RedisClient.create(uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
            .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
            .build());
    connector =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "feedline-redis-connect");
              t.setDaemon(true);
              return t;
            });
    connector.execute(this::connect);
  }

  private void connect() {
    try {
      StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub();
      sub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              receive(message);
            }
          });
      sub.sync().subscribe(CHANNEL);
      subscriber = sub;
      publisher = client.connect();
      LOG.info("Bus connected to Redis");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Redis is not reachable yet; trying again: " + e.getMessage());
      connector.schedule(this::connect, 1, TimeUnit.SECONDS);
    }
  }

  @Override
  public void publish(Event event) {
    deliver(event);
    StatefulRedisConnection<String, String> connection = publisher;
    if (connection == null) {
      return;
    }
    try {
      connection
          .async()
          .publish(CHANNEL, Json.write(BusMessage.of(event)))
          .exceptionally(
              e -> {
                LOG.log(Level.FINE, "Publishing event " + event.id() + " to Redis failed", e);
                return 0L;
              });
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Publishing event " + event.id() + " to Redis failed", e);
    }
  }

  private void receive(String message) {
    try {
      deliver(Json.jsonb().fromJson(message, BusMessage.class).toEvent());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Dropped a bus message that is not an event", e);
    }
  }

  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public boolean connected() {
    StatefulRedisPubSubConnection<String, String> connection = subscriber;
    return connection != null && connection.isOpen();
  }

  /** Closes the connections and the client. */
  @Override
  public void close() {
    connector.shutdownNow();
    try {
      if (subscriber != null) {
        subscriber.close();
      }
      if (publisher != null) {
        publisher.close();
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
