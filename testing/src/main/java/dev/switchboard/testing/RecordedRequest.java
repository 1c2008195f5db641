package dev.switchboard.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as a {@link ScriptedServer} received it, recorded when its head and body had been
 * read (before the reply's delay). Immutable and thread-safe.
 *
 * <p>Header names are lower-cased, so {@code header("X-Request-Id")} and
 * {@code header("x-request-id")} are the same lookup. The path is as sent (not percent-decoded);
 * path variables and query parameters are decoded.
 */
public final class RecordedRequest {
  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, List<String>> queryParams;
  private final String httpVersion;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final long arrivalNanos;
  private final long connectionId;
  private final String matchedRoute;
  private final Map<String, String> pathParams;

  RecordedRequest(String method, String path, String rawQuery,
      Map<String, List<String>> queryParams, String httpVersion,
      Map<String, List<String>> headers, byte[] body, long arrivalNanos, long connectionId,
      String matchedRoute, Map<String, String> pathParams) {
    this.method = method;
    this.path = path;
    this.rawQuery = rawQuery;
    this.queryParams = queryParams;
    this.httpVersion = httpVersion;
    this.headers = headers;
    this.body = body;
    this.arrivalNanos = arrivalNanos;
    this.connectionId = connectionId;
    this.matchedRoute = matchedRoute;
    this.pathParams = pathParams;
  }

  public String method() {
    return method;
  }

  /** The path as sent, without the query string, e.g. {@code /users/42}. */
  public String path() {
    return path;
  }

  /** The query string after {@code ?}, undecoded; empty when there was none. */
  public String rawQuery() {
    return rawQuery;
  }

  /** Decoded query parameters in order of appearance. */
  public Map<String, List<String>> queryParams() {
    return queryParams;
  }

  /** The first value of query parameter {@code name}, or null. */
  public String queryParam(String name) {
    List<String> values = queryParams.get(name);
    return values == null ? null : values.get(0);
  }

  /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
  public String httpVersion() {
    return httpVersion;
  }

  /** All headers, lower-cased names, values in order of appearance. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of header {@code name} (any case), or null when absent. */
  public String header(String name) {
    List<String> values = headerValues(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every value of header {@code name} (any case); empty when absent. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
  }

  /** A copy of the body (after de-chunking); empty when there was none. */
  public byte[] body() {
    return body.clone();
  }

  /** The body decoded as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The server ticker's reading when the request had been read. */
  public long arrivalNanos() {
    return arrivalNanos;
  }

  /** Identifies the TCP connection (unique per server): equal ids mean a reused connection. */
  public long connectionId() {
    return connectionId;
  }

  /** The route that served it, as {@code "GET /users/{id}"}; empty when it got a 404. */
  public Optional<String> matchedRoute() {
    return Optional.ofNullable(matchedRoute);
  }

  /** Decoded values of the matched template's {@code {variables}}. */
  public Map<String, String> pathParams() {
    return pathParams;
  }

  /** The decoded value of path variable {@code name}, or null. */
  public String pathParam(String name) {
    return pathParams.get(name);
  }

  @Override
  public String toString() {
    return method + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " (connection "
        + connectionId + ", " + body.length + " body bytes)";
  }
}
