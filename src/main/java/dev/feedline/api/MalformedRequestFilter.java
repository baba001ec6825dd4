package dev.feedline.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Refuses, with API.md's JSON error, requests that no endpoint of the application can read, before
 * one tries: a query string that is not percent-encoded UTF-8 (the framework fails on it with a
 * 500), and on the static files (the web app and the client library, everything outside /api/) a
 * path with no file and a method other than a read: the server's file serving would answer any
 * method with the file.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class MalformedRequestFilter extends HttpFilter {
  static final String STATIC_METHODS = "GET, HEAD, OPTIONS";
  private static final Set<String> READS = Set.of("GET", "HEAD");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String query = request.getQueryString();
    if (query != null && !isPercentEncodedUtf8(query)) {
      ErrorPageServlet.write(
          response, ApiException.badRequest("The query string is not percent-encoded UTF-8."));
      return;
    }
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.startsWith("/api/")) {
      chain.doFilter(request, response);
      return;
    }
    // A path with no file is answered here: the server's file serving would log a warning
    // (SRVE0190E) for each one, so a scanner's guesses would fill the log.
    if (request.getServletContext().getResource(path.isEmpty() ? "/" : path) == null) {
      ErrorPageServlet.write(response, ApiException.ofStatus(404));
      return;
    }
    if (READS.contains(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Allow", STATIC_METHODS);
    if (request.getMethod().equals("OPTIONS")) {
      response.setStatus(204);
      return;
    }
    ErrorPageServlet.write(response, ApiException.methodNotAllowed(STATIC_METHODS));
  }

  /** Every % starts two hex digits, and the bytes they and the rest spell are UTF-8. */
  static boolean isPercentEncodedUtf8(String query) {
    ByteBuffer bytes = ByteBuffer.allocate(query.length());
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '%') {
        if (i + 2 >= query.length()
            || Character.digit(query.charAt(i + 1), 16) < 0
            || Character.digit(query.charAt(i + 2), 16) < 0) {
          return false;
        }
        bytes.put((byte) Integer.parseInt(query, i + 1, i + 3, 16));
        i += 2;
      } else if (c <= 0xFF) {
        bytes.put((byte) c); // a raw byte of the request line
      } else {
        return false;
      }
    }
    bytes.flip();
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
