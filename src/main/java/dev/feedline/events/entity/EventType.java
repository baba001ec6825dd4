package dev.feedline.events.entity;

/** The kinds of change the log records; follow changes are internal and never sent to clients. */
public enum EventType {
  POST_CREATED("post.created", true),
  POST_UPDATED("post.updated", true),
  POST_DELETED("post.deleted", true),
  POST_STATS("post.stats", true),
  MARKER_UPDATED("marker.updated", true),
  NOTIFICATION_CREATED("notification.created", true),
  NOTIFICATION_DELETED("notification.deleted", true),
  FOLLOW_CREATED("follow.created", false),
  FOLLOW_DELETED("follow.deleted", false);

  private final String wireName;
  private final boolean visible;

  EventType(String wireName, boolean visible) {
    this.wireName = wireName;
    this.visible = visible;
  }

  /** The name clients see in an envelope's {@code type}. */
  public String wireName() {
    return wireName;
  }

  /** Whether the event belongs to one person's notifications feed only (its actor's). */
  public boolean notification() {
    return this == NOTIFICATION_CREATED || this == NOTIFICATION_DELETED;
  }

  /** Whether clients ever receive this kind of event. */
  public boolean visible() {
    return visible;
  }

  public static EventType fromWireName(String name) {
    for (EventType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("Unknown event type " + name);
  }
}
