package dev.feedline.bus.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/** Chooses the bus by configuration: Redis when feedline.bus.redis-url is set, else in process. */
@ApplicationScoped
public class BusProducer {
  private static final Logger LOG = Logger.getLogger(BusProducer.class.getName());

  @Produces
  @ApplicationScoped
  Bus bus(Config config) {
    Optional<String> url = config.getOptionalValue("feedline.bus.redis-url", String.class);
    if (url.isEmpty() || url.get().isBlank()) {
      LOG.info("Bus: in process");
      return new LocalBus();
    }
    LOG.info("Bus: Redis pub/sub");
    return new RedisBus(
        url.get(),
        Duration.ofMillis(config.getValue("feedline.bus.redis.connect-timeout-ms", Long.class)),
        Duration.ofMillis(config.getValue("feedline.bus.redis.command-timeout-ms", Long.class)));
  }

  /**
   * Runs on undeploy, when the server may no longer read classes the application has not loaded:
   * naming RedisBus here (even in an instanceof) would load it on a node that runs in process.
   */
  void close(@Disposes Bus bus) {
    bus.close();
  }
}
