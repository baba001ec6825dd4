package dev.feedline.health;

import dev.feedline.bus.control.Bus;
import dev.feedline.store.control.Database;
import dev.feedline.stream.control.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the store answers, the Hub runs and the node is not draining. */
@Readiness
@ApplicationScoped
public class FeedlineReadinessCheck implements HealthCheck {
  @Inject Database database;
  @Inject Hub hub;
  @Inject Bus bus;

  @Override
  public HealthCheckResponse call() {
    boolean store = database.reachable();
    boolean draining = hub.draining();
    boolean busUp = bus.connected();
    return HealthCheckResponse.named("feedline")
        .status(store && busUp && hub.started() && !draining)
        .withData("store", store ? "UP" : "DOWN")
        .withData("bus", busUp ? "UP" : "DOWN")
        .withData("busKind", bus.kind())
        .withData("draining", draining)
        .withData("connections", hub.connectionCount())
        .build();
  }
}
