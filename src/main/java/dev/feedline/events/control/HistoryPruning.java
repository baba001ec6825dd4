package dev.feedline.events.control;

import dev.feedline.store.control.Database;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the event log to its newest {@code keep} events, so it cannot grow without bound; a resume
 * from before what is kept is answered {@code reset}. Run on a timer. It deletes in transactions of
 * at most {@code batch} events, oldest first, until the log is within its bound: one delete of all
 * a busy minute wrote (tens of thousands of rows) took the database's CPU from the requests running
 * beside it.
 */
public final class HistoryPruning implements Runnable {
  private static final Logger LOG = Logger.getLogger(HistoryPruning.class.getName());

  private final Database database;
  private final long keep;
  private final int batch;

  public HistoryPruning(Database database, long keep, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("A prune batch must be at least one event: " + batch);
    }
    this.database = database;
    this.keep = keep;
    this.batch = batch;
  }

  @Override
  public void run() {
    try {
      long removed = 0;
      int last;
      do {
        last = database.inTransaction(c -> EventLog.prune(c, keep, batch));
        removed += last;
      } while (last == batch && !Thread.currentThread().isInterrupted());
      if (removed > 0) {
        LOG.fine("Pruned " + removed + " events from the history");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "History pruning failed", e);
    }
  }
}
