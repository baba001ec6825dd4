package dev.feedline.events.control;

import dev.feedline.store.control.Database;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the event log to its newest {@code keep} events, so it cannot grow without bound; a resume
 * from before what is kept is answered {@code reset}. Run on a timer, on a thread of its own. It
 * deletes in transactions of at most {@code batch} events, oldest first, until the log is within
 * its bound, and rests between batches as long as the last one took: one delete of all a busy
 * minute wrote (tens of thousands of rows) took the database's CPU from the requests running beside
 * it, and so did batches sent back to back.
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
        long started = System.nanoTime();
        last = database.inTransaction(c -> EventLog.prune(c, keep, batch));
        removed += last;
        if (last == batch) {
          rest(System.nanoTime() - started);
        }
      } while (last == batch && !Thread.currentThread().isInterrupted());
      if (removed > 0) {
        LOG.fine("Pruned " + removed + " events from the history");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "History pruning failed", e);
    }
  }

  private static void rest(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      // Stopping: the loop ends on the flag.
      Thread.currentThread().interrupt();
    }
  }
}
