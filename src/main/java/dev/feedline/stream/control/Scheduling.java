package dev.feedline.stream.control;

/**
 * Where the stream engine's work runs. All engine state belongs to one dispatcher loop, so nothing
 * is locked; slow work (store reads) runs in the background and reports back to the loop. {@link
 * StreamThreads} runs it on threads; a simulation runs it on one thread in a chosen order.
 */
interface Scheduling {
  /** Runs {@code task} on the dispatcher loop, after the tasks already queued there. */
  void run(Runnable task);

  /** Runs {@code task} on the dispatcher loop once {@code delayMs} have passed. */
  void later(long delayMs, Runnable task);

  /** Runs {@code task} off the loop, where it may block on the store. */
  void background(Runnable task);
}
