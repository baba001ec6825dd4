package dev.feedline.events.control;

import dev.feedline.store.control.Database;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the event log to its newest {@code keep} events, so it cannot grow without bound; a resume
 * from before what is kept is answered {@code reset}. Run on a timer.
 */
public final class HistoryPruning implements Runnable {
  private static final Logger LOG = Logger.getLogger(HistoryPruning.class.getName());

  private final Database database;
  private final long keep;

  public HistoryPruning(Database database, long keep) {
    this.database = database;
    this.keep = keep;
  }

  @Override
  public void run() {
    try {
      int removed = database.inTransaction(c -> EventLog.prune(c, keep));
      if (removed > 0) {
        LOG.fine("Pruned " + removed + " events from the history");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "History pruning failed", e);
    }
  }
}
