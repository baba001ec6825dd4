package dev.feedline.stream.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.control.TokenRejectedException;
import dev.feedline.auth.control.TokenVerifier;
import dev.feedline.auth.entity.Caller;
import dev.feedline.errors.DomainException;
import dev.feedline.feeds.control.FeedAccess;
import dev.feedline.metrics.control.FeedlineMetrics;
import dev.feedline.stream.control.Connection;
import dev.feedline.stream.control.Hub;
import dev.feedline.stream.control.StreamSettings;
import dev.feedline.stream.entity.CloseCodes;
import dev.feedline.stream.entity.Command;
import dev.feedline.stream.entity.ControlFrames;
import dev.feedline.stream.entity.MessageSize;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The WebSocket stream: decodes frames, checks who may read what, and hands over to the Hub.
 *
 * <p>A programmatic endpoint ({@link StreamEndpoints} deploys it), not an annotated one, for the
 * size limit: Liberty holds each frame of a programmatic endpoint's message to the session's buffer
 * size when its header arrives, and this endpoint takes messages in fragments and holds their sum
 * to the same limit ({@link MessageSize}). For an annotated endpoint Liberty checks only
 * unfragmented messages to a whole-message method: fragments add up unchecked, and a partial
 * method's frame is read whole however large.
 */
@Dependent
public class StreamSocket extends Endpoint {
  private static final Logger LOG = Logger.getLogger(StreamSocket.class.getName());
  private static final String BAD_FRAMES = "feedline.bad-frames";
  private static final String MESSAGE_SIZE = "feedline.message-size";

  @Inject Hub hub;
  @Inject TokenVerifier verifier;
  @Inject StreamSettings settings;
  @Inject FeedAccess access;
  @Inject FeedlineMetrics metrics;

  @Override
  public void onOpen(Session session, EndpointConfig config) {
    session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
    session.setMaxBinaryMessageBufferSize(settings.maxFrameBytes());
    session.setMaxIdleTimeout(0);
    Caller caller = null;
    if (session.getUserProperties().get(StreamAuth.BAD_SCHEME) != null) {
      refuse(session, CloseCodes.POLICY, "only bearer tokens are accepted");
      return;
    }
    Object token = session.getUserProperties().get(StreamAuth.TOKEN);
    if (token != null) {
      try {
        caller = verifier.verify(token.toString());
      } catch (TokenRejectedException e) {
        refuse(session, CloseCodes.POLICY, "token rejected");
        return;
      }
    }
    session.getUserProperties().put(BAD_FRAMES, new AtomicInteger());
    session.getUserProperties().put(MESSAGE_SIZE, new MessageSize(settings.maxFrameBytes()));
    Connection connection =
        new Connection(
            session.getId(),
            caller,
            hub.subscriber(
                new WebSocketTransport(
                    session, settings.sendTimeoutMs(), hub.pingLane(), metrics)));
    int refusal = hub.connect(connection);
    if (refusal != 0) {
      refuse(
          session,
          refusal,
          refusal == CloseCodes.TOO_MANY ? "too many connections" : "node draining");
      return;
    }
    session.addMessageHandler(
        String.class,
        (MessageHandler.Partial<String>) (part, last) -> receive(session, part, last));
    session.addMessageHandler(
        ByteBuffer.class,
        (MessageHandler.Partial<ByteBuffer>) (part, last) -> binary(session, part, last));
    session.addMessageHandler(
        PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> pong(session, pong));
    LOG.info(
        () ->
            "stream open transport=websocket user="
                + (connection.caller() == null ? "-" : connection.caller().userId())
                + " id="
                + session.getId());
  }

  /** A fragment of a text message: once the message is whole, one command. */
  private void receive(Session session, String part, boolean last) {
    Connection connection = hub.connection(session.getId());
    if (connection == null) {
      return;
    }
    connection.heard();
    String text;
    try {
      text = messageSize(session).text(part, last);
    } catch (MessageSize.TooLarge e) {
      tooLarge(connection);
      return;
    }
    if (text == null) {
      return;
    }
    Command command;
    try {
      command = Command.parse(text);
      if (command.feed() != null && command.type() == Command.Type.SUBSCRIBE) {
        authorize(connection, command);
      }
    } catch (Command.BadFrame bad) {
      badFrame(session, connection, bad);
      return;
    }
    switch (command.type()) {
      case PING -> connection.subscriber().offer(ControlFrames.pong(command.ref()));
      case SUBSCRIBE -> hub.subscribe(connection, command.feed(), command.since(), command.ref());
      case UNSUBSCRIBE -> hub.unsubscribe(connection, command.feed());
    }
  }

  /** Frames are JSON text: a binary message is a bad frame, and one over the limit closes. */
  private void binary(Session session, ByteBuffer part, boolean last) {
    Connection connection = hub.connection(session.getId());
    if (connection == null) {
      return;
    }
    connection.heard();
    try {
      if (messageSize(session).binary(part.remaining(), last)) {
        badFrame(
            session,
            connection,
            new Command.BadFrame(
                "bad_request", "Frames are JSON text; binary frames are not accepted.", null));
      }
    } catch (MessageSize.TooLarge e) {
      tooLarge(connection);
    }
  }

  private void pong(Session session, PongMessage pong) {
    Connection connection = hub.connection(session.getId());
    if (connection != null) {
      connection.heard();
    }
  }

  @Override
  public void onClose(Session session, CloseReason reason) {
    Connection connection = hub.connection(session.getId());
    hub.disconnect(session.getId(), reason.getCloseCode().getCode());
    if (connection != null) {
      LOG.info(
          () ->
              "stream close transport=websocket user="
                  + (connection.caller() == null ? "-" : connection.caller().userId())
                  + " id="
                  + session.getId()
                  + " code="
                  + reason.getCloseCode().getCode());
    }
  }

  @Override
  public void onError(Session session, Throwable error) {
    LOG.log(Level.FINE, "WebSocket error on " + session.getId(), error);
    hub.disconnect(session.getId());
  }

  /** Answers a bad frame with its error frame; too many of them close the connection. */
  private void badFrame(Session session, Connection connection, Command.BadFrame bad) {
    connection.subscriber().offer(ControlFrames.error(bad.code(), bad.getMessage(), bad.ref()));
    AtomicInteger badFrames = (AtomicInteger) session.getUserProperties().get(BAD_FRAMES);
    if (badFrames.incrementAndGet() >= settings.maxBadFrames()) {
      connection.subscriber().close(CloseCodes.POLICY, "too many bad frames");
    }
  }

  private void tooLarge(Connection connection) {
    connection
        .subscriber()
        .close(CloseCodes.TOO_BIG, "a message is at most " + settings.maxFrameBytes() + " bytes");
  }

  private static MessageSize messageSize(Session session) {
    return (MessageSize) session.getUserProperties().get(MESSAGE_SIZE);
  }

  /** The same rule as REST's feed pages, answered with the same code as an error frame. */
  private void authorize(Connection connection, Command command) throws Command.BadFrame {
    try {
      access.checkRead(command.feed(), Optional.ofNullable(connection.caller()));
    } catch (DomainException e) {
      throw new Command.BadFrame(ApiException.of(e).code(), e.getMessage(), command.ref());
    }
  }

  private static void refuse(Session session, int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException e) {
      LOG.log(Level.FINE, "Close failed", e);
    }
  }
}
