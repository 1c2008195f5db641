package dev.switchboard.admin.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.switchboard.telemetry.DestinationState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves the admin page under a prefix: {@code prefix/} the HTML page, {@code prefix/admin.js}
 * and {@code prefix/admin.css} its script and style (static resources, so the page runs under a
 * strict {@code Content-Security-Policy}), {@code prefix/state.json} the live document. GET and
 * HEAD only; nothing is ever written, so no other method is accepted. Every answer says
 * {@code Cache-Control: no-store}. Thread-safe.
 */
public final class AdminHandler implements HttpHandler {
  private static final Map<String, String> TYPES = Map.of(
      "admin.html", "text/html; charset=utf-8",
      "admin.js", "text/javascript; charset=utf-8",
      "admin.css", "text/css; charset=utf-8");

  private final String prefix;
  private final Supplier<List<DestinationState>> states;
  private final Clock clock;
  private final long refreshMillis;
  private final Map<String, byte[]> resources;

  /**
   * @param prefix the context path, ending without {@code /} (empty for the root)
   * @param states what the page lists, read on every request
   * @param clock stamps the document (display only)
   * @param refreshMillis how often the page reloads the document
   */
  public AdminHandler(String prefix, Supplier<List<DestinationState>> states, Clock clock, long refreshMillis) {
    this.prefix = prefix;
    this.states = states;
    this.clock = clock;
    this.refreshMillis = refreshMillis;
    this.resources = Map.of(
        "admin.html", resource("admin.html"),
        "admin.js", resource("admin.js"),
        "admin.css", resource("admin.css"));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      if (!prefix.isEmpty() && path.equals(prefix)) { // relative links need the trailing slash
        exchange.getResponseHeaders().set("location", prefix + "/");
        send(exchange, 301, "text/plain; charset=utf-8", new byte[0]);
        return;
      }
      String rest = path.length() <= prefix.length() ? "" : path.substring(prefix.length());
      switch (rest) {
        case "", "/", "/index.html" -> send(exchange, 200, TYPES.get("admin.html"), page());
        case "/admin.js", "/admin.css" -> send(exchange, 200, TYPES.get(rest.substring(1)), resources.get(rest.substring(1)));
        case "/state.json" -> send(exchange, 200, "application/json",
            StateDocument.render(states.get(), clock.instant()).getBytes(StandardCharsets.UTF_8));
        default -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private byte[] page() {
    return new String(resources.get("admin.html"), StandardCharsets.UTF_8)
        .replace("{{refreshMillis}}", Long.toString(refreshMillis))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("content-type", type);
    exchange.getResponseHeaders().set("cache-control", "no-store");
    exchange.getResponseHeaders().set("x-content-type-options", "nosniff");
    exchange.getResponseHeaders().set("content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = AdminHandler.class.getResourceAsStream("/dev/switchboard/admin/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/switchboard/admin/" + name + " in switchboard-admin's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
