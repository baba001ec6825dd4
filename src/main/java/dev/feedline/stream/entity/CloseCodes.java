package dev.feedline.stream.entity;

/**
 * The WebSocket close codes this service sends, in one place: API.md fixes them for clients. An SSE
 * stream simply ends where a WebSocket would be closed; a refused connection is answered with the
 * code it would be closed with.
 */
public final class CloseCodes {
  /** Closed normally: the connection ended and the node forgets it. */
  public static final int NORMAL = 1000;

  /**
   * API.md: the node is shutting down or draining: reconnect (to another node) and resume. Also a
   * WebSocket that stopped answering pings.
   */
  public static final int GOING_AWAY = 1001;

  /** API.md: policy: token rejected or expired mid-connection, or too many bad frames. */
  public static final int POLICY = 1008;

  /** API.md: a frame over the configured size. */
  public static final int TOO_BIG = 1009;

  /**
   * A send failed, not for a slow peer: the server's own error (RFC 6455), outside API.md's table.
   */
  public static final int SERVER_ERROR = 1011;

  /**
   * API.md: too slow: the client fell further behind than its outbound queue allows; resume from
   * the last id.
   */
  public static final int TOO_SLOW = 4008;

  /** API.md: too many connections or subscriptions for this user or node. */
  public static final int TOO_MANY = 4029;

  private CloseCodes() {}
}
