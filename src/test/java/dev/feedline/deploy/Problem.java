package dev.feedline.deploy;

/**
 * One thing wrong with a manifest: the object ({@code Kind/name}), where in it (a JSON path such as
 * {@code spec.template.spec.containers[0].image}, empty for the whole object) and what is wrong.
 */
record Problem(String object, String path, String message) {
  @Override
  public String toString() {
    return object + (path.isEmpty() ? "" : ": " + path) + ": " + message;
  }
}
