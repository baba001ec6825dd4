package dev.feedline.feeds.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.feedline.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

class FeedSettingsTest {
  private final FeedSettings settings = new FeedSettings();

  FeedSettingsTest() {
    settings.defaultPageSize = 20;
    settings.maxPageSize = 100;
  }

  @Test
  void aRequestWithoutALimitGetsTheDefaultPageSize() {
    assertEquals(20, settings.pageSize(null));
    assertEquals(20, settings.pageSize(""));
  }

  @Test
  void aLimitFromOneToTheLargestPageSizeIsTakenAsItIs() {
    assertEquals(1, settings.pageSize("1"));
    assertEquals(100, settings.pageSize("100"));
  }

  @Test
  void aLimitOutsideTheRangeIsRefusedNotCut() {
    for (String limit : new String[] {"0", "101", "9999999999"}) {
      InvalidInputException refused =
          assertThrows(InvalidInputException.class, () -> settings.pageSize(limit), limit);
      assertEquals("limit must be from 1 to 100.", refused.getMessage(), limit);
    }
  }

  @Test
  void aLimitThatIsNotAWholeNumberIsRefused() {
    for (String limit : new String[] {"-1", "2.5", "ten", " 5"}) {
      InvalidInputException refused =
          assertThrows(InvalidInputException.class, () -> settings.pageSize(limit), limit);
      assertEquals("limit must be a whole number.", refused.getMessage(), limit);
    }
  }
}
