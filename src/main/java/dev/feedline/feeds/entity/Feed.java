package dev.feedline.feeds.entity;

import dev.feedline.auth.entity.Caller;
import java.util.regex.Pattern;

/**
 * A feed name of API.md, parsed: {@code home}, {@code public}, {@code user:{id}}, {@code
 * tag:{tag}}, {@code markers}, {@code notifications}.
 */
public record Feed(Kind kind, String key) {
  private static final Pattern TAG = Pattern.compile("[a-z0-9_]{1,64}");

  /** The kinds of feed. */
  public enum Kind {
    HOME,
    PUBLIC,
    USER,
    TAG,
    /** The caller's own read markers changing; it has no posts and no marker of its own. */
    MARKERS,
    /** The caller's own notifications; no posts, but pages of notifications and a marker. */
    NOTIFICATIONS
  }

  public static final Feed HOME = new Feed(Kind.HOME, null);
  public static final Feed PUBLIC = new Feed(Kind.PUBLIC, null);
  public static final Feed MARKERS = new Feed(Kind.MARKERS, null);
  public static final Feed NOTIFICATIONS = new Feed(Kind.NOTIFICATIONS, null);

  /** Parses a feed name; throws {@link IllegalArgumentException} saying why when it is not one. */
  public static Feed parse(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("A feed name is required.");
    }
    if (name.equals("home")) {
      return HOME;
    }
    if (name.equals("public")) {
      return PUBLIC;
    }
    if (name.equals("markers")) {
      return MARKERS;
    }
    if (name.equals("notifications")) {
      return NOTIFICATIONS;
    }
    if (name.startsWith("user:")) {
      String user = name.substring(5);
      if (!Caller.validUserId(user)) {
        throw new IllegalArgumentException(
            "user:{userId} needs a user id of [A-Za-z0-9_.-]{1,64}.");
      }
      return new Feed(Kind.USER, user);
    }
    if (name.startsWith("tag:")) {
      String tag = name.substring(4);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("tag:{tag} needs a lower-case tag of [a-z0-9_]{1,64}.");
      }
      return new Feed(Kind.TAG, tag);
    }
    throw new IllegalArgumentException(
        "Unknown feed '"
            + (name.length() > 80 ? name.substring(0, 64) + "..." : name)
            + "'; feeds are home, public, user:{userId}, tag:{tag}, markers and notifications.");
  }

  /** The feed's name as clients write it. */
  public String name() {
    return switch (kind) {
      case HOME -> "home";
      case PUBLIC -> "public";
      case USER -> "user:" + key;
      case TAG -> "tag:" + key;
      case MARKERS -> "markers";
      case NOTIFICATIONS -> "notifications";
    };
  }

  public boolean isPublic() {
    return kind != Kind.HOME && kind != Kind.MARKERS && kind != Kind.NOTIFICATIONS;
  }

  /** Whether the feed shows posts, and so has pages of posts. */
  public boolean hasPosts() {
    return kind != Kind.MARKERS && kind != Kind.NOTIFICATIONS;
  }

  /** Whether the feed is one person's own (markers, notifications): only their events reach it. */
  public boolean isOwn() {
    return kind == Kind.MARKERS || kind == Kind.NOTIFICATIONS;
  }

  /** Whether a read marker can be kept on the feed: every feed but markers. */
  public boolean hasMarker() {
    return kind != Kind.MARKERS;
  }

  @Override
  public String toString() {
    return name();
  }
}
