package dev.feedline.errors;

/** The caller is known but may not do this, such as edit another author's post. */
public final class PermissionDeniedException extends DomainException {
  public PermissionDeniedException(String message) {
    super(message);
  }
}
