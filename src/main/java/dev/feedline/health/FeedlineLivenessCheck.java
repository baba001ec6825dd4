package dev.feedline.health;

import dev.feedline.stream.control.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the Hub's dispatcher answers; a stuck dispatcher means a restart helps. */
@Liveness
@ApplicationScoped
public class FeedlineLivenessCheck implements HealthCheck {
  @Inject Hub hub;

  @Override
  public HealthCheckResponse call() {
    boolean responsive = !hub.started() || hub.draining() || hub.dispatcherResponsive();
    return HealthCheckResponse.named("feedline")
        .status(responsive)
        .withData("position", hub.position())
        .withData("deliveries", hub.deliveries())
        .build();
  }
}
