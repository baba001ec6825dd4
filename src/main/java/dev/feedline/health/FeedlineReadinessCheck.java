package dev.feedline.health;

import dev.feedline.bus.control.Bus;
import dev.feedline.store.control.Database;
import dev.feedline.stream.control.CallWatch;
import dev.feedline.stream.control.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the store answers, the Hub runs, the node is not draining and no thread stuck in a
 * call to one connection past the stuck-call limit is left unreplaced (a node that would deliver
 * nothing).
 */
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
    CallWatch.Call stuck = hub.impairingCall();
    return HealthCheckResponse.named("feedline")
        .status(store && busUp && hub.started() && !draining && stuck == null)
        .withData("store", store ? "UP" : "DOWN")
        .withData("bus", busUp ? "UP" : "DOWN")
        .withData("busKind", bus.kind())
        .withData("draining", draining)
        .withData("connections", hub.connectionCount())
        .withData("stuckCalls", hub.stuckCalls())
        .withData(
            "impairingCall",
            stuck == null
                ? "none"
                : stuck.what()
                    + " on "
                    + stuck.connection()
                    + " for "
                    + TimeUnit.NANOSECONDS.toSeconds(stuck.nanos())
                    + " s")
        .build();
  }
}
