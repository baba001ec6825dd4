package dev.feedline.stream.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The recovery state machine under thousands of seeded schedules (see {@link ScheduleRun}): for
 * every connection, every subscribe answered, ids strictly increasing, each event once, nothing
 * missing. A failure names its seed; {@code -Dfeedline.schedules.seed=N -Dfeedline.schedules=1}
 * replays it.
 */
class RecoveryScheduleTest {
  @Test
  void everyScheduleDeliversEachEventOnceInOrderWithNothingMissing() {
    long first = Long.getLong("feedline.schedules.seed", 1);
    int count = Integer.getInteger("feedline.schedules", 10_000);
    ScheduleRun.Tally total = new ScheduleRun.Tally();
    for (long seed = first; seed < first + count; seed++) {
      total.add(new ScheduleRun(seed).run());
    }
    // The checks above only mean something if the schedules reached the interesting states.
    assertTrue(total.checkedFeeds > count, "feeds checked: " + total.checkedFeeds);
    assertTrue(total.replaysRead > count, "replays read: " + total.replaysRead);
    assertTrue(total.resets > 0, "no schedule reached a reset");
  }
}
