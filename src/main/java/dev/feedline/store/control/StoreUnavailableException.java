package dev.feedline.store.control;

/** The store could not be reached or did not answer: the caller gets 503, nothing is half-done. */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
