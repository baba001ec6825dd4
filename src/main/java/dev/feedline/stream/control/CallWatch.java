package dev.feedline.stream.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which thread is inside which call to a connection's transport (a send, a ping, a close), and
 * since when: the watchdog's view. A call to a peer that stopped reading must return within a
 * bound; one that does not is reported (metric, log line, readiness DOWN) instead of a node that
 * silently delivers nothing. Each thread writes only its own slot, with one volatile write on entry
 * and one on exit, so the per-frame cost stays small.
 */
public final class CallWatch {
  /**
   * A call in progress: the thread, what it does, on which connection, for how long; {@code since}
   * (its start, by {@link System#nanoTime}) tells one call from the next on the same thread.
   */
  public record Call(String thread, String what, String connection, long since, long nanos) {}

  private final List<Slot> slots = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Slot> mine =
      ThreadLocal.withInitial(
          () -> {
            Slot slot = new Slot(Thread.currentThread().getName());
            slots.add(slot);
            return slot;
          });

  /**
   * Notes that this thread enters {@code what} ("send", "ping", "close") on {@code on}; answers the
   * thread's slot, to hand back to {@link #exit} when the call returns.
   */
  Slot enter(String what, Object on) {
    Slot slot = mine.get();
    slot.what = what;
    slot.on = on;
    slot.since = System.nanoTime(); // volatile: published last
    return slot;
  }

  /** Notes that the call {@link #enter} answered {@code slot} for has returned. */
  void exit(Slot slot) {
    slot.since = 0;
  }

  /** The longest call in progress now, or null when no thread is inside one. */
  public Call longest() {
    Call longest = null;
    for (Call call : longerThan(-1)) {
      if (longest == null || call.nanos() > longest.nanos()) {
        longest = call;
      }
    }
    return longest;
  }

  /** The calls in progress now that have lasted longer than {@code nanos}. */
  public List<Call> longerThan(long nanos) {
    long now = System.nanoTime();
    List<Call> calls = new ArrayList<>();
    for (Slot slot : slots) {
      long since = slot.since;
      if (since != 0 && now - since > nanos) {
        calls.add(new Call(slot.thread, slot.what, String.valueOf(slot.on), since, now - since));
      }
    }
    return calls;
  }

  /** One thread's call in progress. */
  static final class Slot {
    final String thread;
    volatile long since;
    volatile String what;
    volatile Object on;

    Slot(String thread) {
      this.thread = thread;
    }
  }
}
