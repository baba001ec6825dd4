package dev.feedline.events.entity;

import java.util.Locale;
import java.util.Optional;

/** What someone did to the recipient of a notification. */
public enum NotificationType {
  LIKE,
  FOLLOW,
  MENTION,
  REPLY;

  /** The name clients see in a notification's {@code type}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type a client names, if it is one. */
  public static Optional<NotificationType> fromWireName(String name) {
    for (NotificationType type : values()) {
      if (type.wireName().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
