package dev.feedline.stream.boundary;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Set;

/** Deploys the WebSocket stream at /api/v1/stream, taking the token in the handshake. */
public class StreamEndpoints implements ServerApplicationConfig {
  @Override
  public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
    return Set.of(
        ServerEndpointConfig.Builder.create(StreamSocket.class, "/api/v1/stream")
            .configurator(new StreamAuth())
            .build());
  }

  @Override
  public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
    return Set.of();
  }
}
