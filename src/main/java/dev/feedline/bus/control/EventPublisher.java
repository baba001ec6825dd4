package dev.feedline.bus.control;

import dev.feedline.events.entity.Event;
import dev.feedline.events.entity.EventType;
import dev.feedline.metrics.control.FeedlineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Hands an event this node committed to the Bus, and counts it. */
@ApplicationScoped
public class EventPublisher {
  @Inject Bus bus;
  @Inject FeedlineMetrics metrics;

  public void publish(Event event) {
    metrics.published(event.type().wireName());
    if (event.type() == EventType.NOTIFICATION_CREATED) {
      metrics.notificationMade(event.subject()); // a notification event's subject is its type
    }
    bus.publish(event);
  }
}
