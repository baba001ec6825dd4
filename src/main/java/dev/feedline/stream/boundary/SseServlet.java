package dev.feedline.stream.boundary;

import dev.feedline.api.ApiException;
import dev.feedline.api.CorsPolicy;
import dev.feedline.api.ErrorPageServlet;
import dev.feedline.auth.control.TokenVerifier;
import dev.feedline.auth.entity.Caller;
import dev.feedline.errors.DomainException;
import dev.feedline.feeds.control.FeedAccess;
import dev.feedline.stream.control.Connection;
import dev.feedline.stream.control.Hub;
import dev.feedline.stream.control.StreamSettings;
import dev.feedline.stream.entity.CloseCodes;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The Server-Sent Events stream, for networks that block WebSockets: the same Hub, Subscriber and
 * Recovery, the same envelopes in {@code data:}, resumed with Last-Event-ID. Bad requests are
 * answered with the JSON error body before the stream starts.
 */
@WebServlet(urlPatterns = "/api/v1/stream/sse", asyncSupported = true)
public class SseServlet extends HttpServlet {
  private static final Logger LOG = Logger.getLogger(SseServlet.class.getName());
  private static final String ALLOWED = "GET, OPTIONS";

  @Inject Hub hub;
  @Inject TokenVerifier verifier;
  @Inject FeedAccess access;
  @Inject StreamSettings settings;
  @Inject CorsPolicy cors;

  /**
   * GET opens the stream and OPTIONS answers a browser's preflight; any other method (HEAD too: it
   * would open a stream that sends nothing) is a bad request naming the two.
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String method = request.getMethod();
    if (method.equals("GET") || method.equals("OPTIONS")) {
      super.service(request, response);
      return;
    }
    response.setHeader("Allow", ALLOWED);
    ErrorPageServlet.write(response, ApiException.methodNotAllowed(ALLOWED));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    cors.allowOrigin(request.getHeader("Origin"), response::setHeader);
    SseRequest asked;
    try {
      asked = SseRequest.read(request, verifier, access, settings);
    } catch (DomainException e) {
      error(response, ApiException.of(e));
      return;
    } catch (ApiException e) {
      error(response, e);
      return;
    }
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-cache, no-store, no-transform");
    response.setHeader("X-Accel-Buffering", "no");
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    String id = "sse-" + UUID.randomUUID();
    SseTransport transport =
        new SseTransport(
            async,
            response.getOutputStream(),
            "retry: " + settings.sseRetryMs() + "\n\n",
            () -> hub.disconnect(id));
    Caller caller = asked.caller();
    Connection connection = new Connection(id, caller, hub.subscriber(transport));
    int refusal = hub.connect(connection);
    if (refusal != 0) {
      // Nothing is written yet, so the refusal can still be a plain JSON answer.
      boolean draining = refusal == CloseCodes.GOING_AWAY;
      error(
          response,
          draining
              ? ApiException.unavailable("This node is draining; connect again.")
              : ApiException.rateLimited("Too many open streams.", 0));
      async.complete();
      return;
    }
    async.addListener(new Ending(connection));
    response.getOutputStream().setWriteListener(transport);
    hub.subscribeAll(connection, asked.feeds(), asked.since());
    LOG.info(() -> "stream open transport=sse user=" + user(caller) + " id=" + id);
  }

  @Override
  protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
    cors.preflight(
        request.getHeader("Origin"),
        ALLOWED,
        "Authorization, Last-Event-ID, Accept",
        response::setHeader);
    response.setStatus(204);
  }

  private static void error(HttpServletResponse response, ApiException e) throws IOException {
    ErrorPageServlet.write(response, e);
  }

  private static String user(Caller caller) {
    return caller == null ? "-" : caller.userId();
  }

  /** Forgets the connection however the stream ends. */
  private final class Ending implements AsyncListener {
    private final Connection connection;

    Ending(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      end();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      end();
    }

    @Override
    public void onError(AsyncEvent event) {
      end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    private void end() {
      if (hub.connection(connection.id()) != null) {
        hub.disconnect(connection.id());
        LOG.info(
            () ->
                "stream close transport=sse user="
                    + user(connection.caller())
                    + " id="
                    + connection.id());
      }
    }
  }
}
