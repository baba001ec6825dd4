package dev.feedline.auth.entity;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is calling: the token's user id and groups, and until when the token is accepted (epoch
 * seconds: its expiry plus the allowed clock skew; 0 when it does not expire).
 */
public record Caller(String userId, Set<String> groups, long expiresAt) {
  public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public Caller {
    groups = Set.copyOf(groups);
  }

  public Caller(String userId, Set<String> groups) {
    this(userId, groups, 0);
  }

  /** Whether the token behind this caller is no longer accepted at {@code nowEpochSeconds}. */
  public boolean expired(long nowEpochSeconds) {
    return expiresAt > 0 && expiresAt < nowEpochSeconds;
  }

  public boolean isAdmin() {
    return groups.contains("admin");
  }

  public static boolean validUserId(String userId) {
    return userId != null && USER_ID.matcher(userId).matches();
  }
}
