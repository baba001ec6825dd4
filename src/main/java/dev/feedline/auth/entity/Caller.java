package dev.feedline.auth.entity;

import java.util.Set;
import java.util.regex.Pattern;

/** Who is calling: the token's user id and groups. */
public record Caller(String userId, Set<String> groups) {
  public static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  public Caller {
    groups = Set.copyOf(groups);
  }

  public boolean isAdmin() {
    return groups.contains("admin");
  }

  public static boolean validUserId(String userId) {
    return userId != null && USER_ID.matcher(userId).matches();
  }
}
