package dev.feedline.api;

import dev.feedline.json.Json;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The error page of every status and exception that reaches the server's own error handling (the
 * static files' 404, a malformed header or percent-encoding the framework refuses, a failure that
 * escaped every mapper): API.md's status, code and JSON body, never the server's HTML page with its
 * class names and stack frames. WEB-INF/web.xml points every error here.
 */
@WebServlet(ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {
  static final String PATH = "/error";
  private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getDispatcherType() != DispatcherType.ERROR) {
      // Requested by its path, as any unknown path.
      write(response, ApiException.ofStatus(404));
      return;
    }
    Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer value ? value : 500;
    if (failure != null && status >= 500) {
      LOG.log(
          Level.SEVERE,
          "Unexpected failure of "
              + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)
              + " ("
              + request.getMethod()
              + ")",
          failure);
    }
    ApiException answer = ApiException.ofStatus(status);
    if (status == 400 && namesAFeedWithASeparator(request)) {
      // The server refuses an encoded '/' or '#' in a path before any endpoint reads it; in a feed
      // name (GET /feeds/{feed}, PUT /markers/{feed}) that is a malformed feed name.
      answer =
          ApiException.badFeed(
              "A feed name has no '/' or '#'; feeds are home, public, user:{userId}, tag:{tag},"
                  + " markers and notifications.");
    }
    String allow = response.getHeader("Allow");
    if (answer.status() == 400 && (status == 405 || status == 501) && allow != null) {
      answer = ApiException.methodNotAllowed(allow);
    }
    write(response, answer);
  }

  /** Whether the refused request's path is a feed's, with an encoded '/' or '#' in the name. */
  static boolean namesAFeedWithASeparator(HttpServletRequest request) {
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    return uri instanceof String path && namesAFeedWithASeparator(path);
  }

  static boolean namesAFeedWithASeparator(String path) {
    for (String prefix : new String[] {"/api/v1/feeds/", "/api/v1/markers/"}) {
      if (path.startsWith(prefix)) {
        String name = path.substring(prefix.length()).toUpperCase(java.util.Locale.ROOT);
        return name.contains("%2F") || name.contains("%23");
      }
    }
    return false;
  }

  /** Writes {@code e} as API.md's JSON error body, with its status. */
  public static void write(HttpServletResponse response, ApiException e) throws IOException {
    response.setStatus(e.status());
    if (e.retryAfterSeconds() > 0) {
      response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] body =
        Json.write(new ApiError(e.code(), e.getMessage())).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
