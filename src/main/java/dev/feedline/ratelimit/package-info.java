/**
 * Counting attempts per key in one-minute windows: posting per user, stream connects per address.
 * It knows nothing of what it limits, so any component may use it.
 */
package dev.feedline.ratelimit;
