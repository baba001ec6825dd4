package dev.feedline.health;

import dev.feedline.lifecycle.Bootstrap;
import dev.feedline.stream.control.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once settings are checked, the schema is migrated and the Hub dispatches. */
@Startup
@ApplicationScoped
public class FeedlineStartupCheck implements HealthCheck {
  @Inject Bootstrap bootstrap;
  @Inject Hub hub;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("feedline")
        .status(bootstrap.started() && hub.started())
        .withData("migrated", bootstrap.started())
        .withData("hub", hub.started())
        .build();
  }
}
