package dev.switchboard.examples.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Small JSON helpers for the example servers (JDK {@code HttpServer}). Thread-safe. */
public final class JsonExchange {
  /** Shared mapper; tolerant of unknown properties. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final int MAX_REQUEST_BYTES = 1 << 20;

  private JsonExchange() {}

  /**
   * Turns on TCP_NODELAY for JDK {@code HttpServer}s. The server writes headers and body
   * separately; without it, Nagle plus delayed ACKs add about 40 ms per response on loopback.
   * Call before the first server is created (the JDK reads the property once).
   */
  public static void enableNoDelay() {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Reads the request body as {@code type}; null when the body is not valid JSON for it. */
  public static <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_REQUEST_BYTES);
      return MAPPER.readValue(body, type);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      return null;
    }
  }

  /** Sends {@code value} as JSON with {@code status}. */
  public static void send(HttpExchange exchange, int status, Object value) throws IOException {
    byte[] body = MAPPER.writeValueAsBytes(value);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Sends a JSON error object {@code {"error": message}}. */
  public static void error(HttpExchange exchange, int status, String message) throws IOException {
    send(exchange, status, java.util.Map.of("error", message));
  }

  /** Sends an empty response. */
  public static void empty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** Decodes one percent-encoded path segment. */
  public static String segment(String raw) {
    return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
