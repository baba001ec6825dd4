package dev.feedline.stream.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.auth.control.TokenRejectedException;
import dev.feedline.auth.control.TokenVerifier;
import dev.feedline.auth.entity.Caller;
import dev.feedline.errors.DomainException;
import dev.feedline.feeds.control.FeedAccess;
import dev.feedline.stream.control.Connection;
import dev.feedline.stream.control.Hub;
import dev.feedline.stream.control.StreamSettings;
import dev.feedline.stream.entity.Command;
import dev.feedline.stream.entity.ControlFrames;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The WebSocket stream: decodes frames, checks who may read what, and hands over to the Hub. */
@Dependent
@ServerEndpoint(value = "/api/v1/stream", configurator = StreamAuth.class)
public class StreamSocket {
  private static final Logger LOG = Logger.getLogger(StreamSocket.class.getName());
  private static final String BAD_FRAMES = "feedline.bad-frames";

  @Inject Hub hub;
  @Inject TokenVerifier verifier;
  @Inject StreamSettings settings;
  @Inject FeedAccess access;

  @OnOpen
  public void open(Session session) {
    session.setMaxTextMessageBufferSize(settings.maxFrameBytes());
    session.setMaxIdleTimeout(0);
    Caller caller = null;
    if (session.getUserProperties().get(StreamAuth.BAD_SCHEME) != null) {
      refuse(
          session,
          CloseReason.CloseCodes.VIOLATED_POLICY.getCode(),
          "only bearer tokens are accepted");
      return;
    }
    Object token = session.getUserProperties().get(StreamAuth.TOKEN);
    if (token != null) {
      try {
        caller = verifier.verify(token.toString());
      } catch (TokenRejectedException e) {
        refuse(session, CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), "token rejected");
        return;
      }
    }
    session.getUserProperties().put(BAD_FRAMES, new AtomicInteger());
    Connection connection =
        new Connection(session.getId(), caller, hub.subscriber(new WebSocketTransport(session)));
    int refusal = hub.connect(connection);
    if (refusal != 0) {
      refuse(
          session,
          refusal,
          refusal == Hub.CLOSE_TOO_MANY ? "too many connections" : "node draining");
      return;
    }
    LOG.info(
        () ->
            "stream open transport=websocket user="
                + (connection.caller() == null ? "-" : connection.caller().userId())
                + " id="
                + session.getId());
  }

  @OnMessage
  public void receive(Session session, String text) {
    Connection connection = hub.connection(session.getId());
    if (connection == null) {
      return;
    }
    connection.heard();
    Command command;
    try {
      command = Command.parse(text);
      if (command.feed() != null && command.type() == Command.Type.SUBSCRIBE) {
        authorize(connection, command);
      }
    } catch (Command.BadFrame bad) {
      connection.subscriber().offer(ControlFrames.error(bad.code(), bad.getMessage(), bad.ref()));
      AtomicInteger badFrames = (AtomicInteger) session.getUserProperties().get(BAD_FRAMES);
      if (badFrames.incrementAndGet() >= settings.maxBadFrames()) {
        connection
            .subscriber()
            .close(CloseReason.CloseCodes.VIOLATED_POLICY.getCode(), "too many bad frames");
      }
      return;
    }
    switch (command.type()) {
      case PING -> connection.subscriber().offer(ControlFrames.pong(command.ref()));
      case SUBSCRIBE -> hub.subscribe(connection, command.feed(), command.since(), command.ref());
      case UNSUBSCRIBE -> hub.unsubscribe(connection, command.feed());
    }
  }

  @OnMessage
  public void pong(Session session, PongMessage pong) {
    Connection connection = hub.connection(session.getId());
    if (connection != null) {
      connection.heard();
    }
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
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

  @OnError
  public void error(Session session, Throwable error) {
    LOG.log(Level.FINE, "WebSocket error on " + session.getId(), error);
    hub.disconnect(session.getId());
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
