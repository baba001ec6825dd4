package dev.feedline.stream.entity;

/**
 * Joins the fragments of one client message and holds the whole message to the size limit, counted
 * in bytes as sent (UTF-8 for text) however the client split it: a limit checked per fragment would
 * let a client make the node buffer a message of any size. Binary messages are counted, never kept.
 * One per connection; a connection's messages arrive one at a time.
 */
public final class MessageSize {
  private final int maxBytes;
  private final StringBuilder text = new StringBuilder();
  private long bytes;

  /** A message over the limit. */
  public static final class TooLarge extends Exception {
    public TooLarge(int maxBytes) {
      super("A message is at most " + maxBytes + " bytes.");
    }
  }

  public MessageSize(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Adds a fragment of a text message: the whole message once {@code last}, else null. */
  public String text(String part, boolean last) throws TooLarge {
    count(utf8Length(part));
    if (last && text.length() == 0) {
      bytes = 0;
      return part;
    }
    text.append(part);
    if (!last) {
      return null;
    }
    String message = text.toString();
    text.setLength(0);
    bytes = 0;
    return message;
  }

  /** Counts a fragment of a binary message: true once the message is whole. */
  public boolean binary(int length, boolean last) throws TooLarge {
    count(length);
    if (last) {
      bytes = 0;
    }
    return last;
  }

  private void count(long more) throws TooLarge {
    bytes += more;
    if (bytes > maxBytes) {
      text.setLength(0);
      text.trimToSize();
      throw new TooLarge(maxBytes);
    }
  }

  static long utf8Length(CharSequence part) {
    long length = 0;
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isSurrogate(c)) {
        length += 2; // a pair is 4 bytes
      } else {
        length += 3;
      }
    }
    return length;
  }
}
