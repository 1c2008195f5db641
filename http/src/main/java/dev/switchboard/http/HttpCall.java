package dev.switchboard.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.pipeline.CallOptions;
import dev.switchboard.pipeline.Request;
import dev.switchboard.pipeline.Response;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One request being prepared: query parameters, headers, body and per-call options, then sent
 * blocking ({@link #send(Class)}) or async ({@link #sendAsync(Class)}). Not thread-safe; use once.
 *
 * <pre>{@code
 * Order order = client.request("POST", "/orders")
 *     .header("idempotency-key", key)
 *     .body(new NewOrder("42", "book"))
 *     .send(Order.class);
 * }</pre>
 */
public final class HttpCall {
  /** Headers the JDK client owns; setting them is a mistake we report early. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private final HttpServiceClient client;
  private final String method;
  private final String path;
  private StringBuilder query; // null until the first parameter: most calls have none
  private java.util.List<String[]> headers; // null until the first header
  private byte[] body;
  private boolean idempotent;
  private String hashKey;
  private Duration timeout;
  private int maxAttempts;
  private String pathTemplate;

  HttpCall(HttpServiceClient client, String method, String path) {
    this.client = client;
    Objects.requireNonNull(path, "path");
    this.method = HttpRequestChecks.method(Objects.requireNonNull(method, "method"));
    HttpRequestChecks.path(path); // now, not at send time
    this.path = path;
    this.pathTemplate = PathTemplate.templateOf(path);
  }

  /**
   * The template this call's path was built from, e.g. {@code /users/{id}}: metrics and spans
   * show it instead of the path, which holds real ids. Set for you when the path came straight
   * from {@link PathTemplate#expand} or a declarative method; otherwise the call is recorded under
   * a fixed placeholder.
   *
   * @throws IllegalArgumentException if it does not start with {@code /} or holds a query
   */
  public HttpCall pathTemplate(String template) {
    Objects.requireNonNull(template, "template");
    Request.builder(method, "/").pathTemplate(template); // validates now, not at send time
    this.pathTemplate = template;
    return this;
  }

  /** Adds a query parameter; name and value are percent-encoded. Null values are skipped. */
  public HttpCall query(String name, Object value) {
    Objects.requireNonNull(name, "query parameter name");
    if (value != null) {
      if (query == null) {
        query = new StringBuilder(32);
      }
      query.append(query.length() == 0 ? '?' : '&')
          .append(PathTemplate.encode(name)).append('=').append(PathTemplate.encode(value.toString()));
    }
    return this;
  }

  /**
   * Appends a query that is already percent-encoded, as it appears after {@code ?} in a URI
   * (for adapters that receive a whole URI, such as the Spring starter's request factory).
   *
   * @throws IllegalArgumentException if it is not a valid URI query
   */
  public HttpCall rawQuery(String encodedQuery) {
    Objects.requireNonNull(encodedQuery, "encodedQuery");
    if (encodedQuery.isEmpty()) {
      return this;
    }
    try {
      java.net.URI.create("/?" + encodedQuery);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid URI query: \"" + encodedQuery + "\"", e);
    }
    if (encodedQuery.indexOf('#') >= 0) {
      throw new IllegalArgumentException("not a valid URI query: \"" + encodedQuery + "\"");
    }
    if (query == null) {
      query = new StringBuilder(encodedQuery.length() + 1);
    }
    query.append(query.length() == 0 ? '?' : '&').append(encodedQuery);
    return this;
  }

  /** Adds every entry of {@code params} as a query parameter. */
  public HttpCall query(Map<String, ?> params) {
    Objects.requireNonNull(params, "params").forEach(this::query);
    return this;
  }

  /**
   * Adds a header.
   *
   * @throws IllegalArgumentException on CR/LF, or a header the transport owns (Host, Content-Length, ...)
   */
  public HttpCall header(String name, String value) {
    Objects.requireNonNull(name, "header name");
    if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("header \"" + name + "\" is set by the transport and cannot be set by callers");
    }
    Objects.requireNonNull(value, "value of header " + name);
    Request.builder(method, "/").header(name, value); // CR/LF and empty-name checks, early
    headers().add(new String[] {name, value});
    return this;
  }

  /** Sets a body encoded by the client's codec, JSON by default (a {@code byte[]} is sent as is). */
  public HttpCall body(Object body) {
    Objects.requireNonNull(body, "body");
    this.body = client.bodyCodec().encode(body);
    if (!(body instanceof byte[])) {
      headers().removeIf(h -> h[0].equalsIgnoreCase("content-type"));
      headers().add(new String[] {"content-type", client.bodyCodec().contentType()});
    }
    return this;
  }

  /** Marks the call idempotent, so POST and PATCH may be retried and hedged. */
  public HttpCall idempotent() {
    this.idempotent = true;
    return this;
  }

  /** The affinity key for hashing balancers. */
  public HttpCall hashKey(String key) {
    this.hashKey = key;
    return this;
  }

  /**
   * A tighter timeout for this call only (the client's timeout and any inbound deadline still
   * apply). It bounds the whole call, retries and hedges included.
   */
  public HttpCall timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /**
   * Attempts this call may make including the first, 1..5, in place of the client's retry
   * policy's {@code maxAttempts} (every other retry rule still applies): {@code maxAttempts(1)}
   * sends it once.
   */
  public HttpCall maxAttempts(int maxAttempts) {
    if (maxAttempts < 1 || maxAttempts > 5) {
      throw new IllegalArgumentException("maxAttempts must be 1..5: " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    return this;
  }

  /**
   * Applies {@code options}: idempotency (if set there), hash key, timeout and attempts (each if
   * present), e.g. the options a declarative method declares.
   */
  public HttpCall options(CallOptions options) {
    Objects.requireNonNull(options, "options");
    if (options.idempotent()) {
      idempotent();
    }
    if (options.hashKey() != null) {
      hashKey(options.hashKey());
    }
    if (options.timeout() != null) {
      timeout(options.timeout());
    }
    if (options.maxAttempts() > 0) {
      maxAttempts(options.maxAttempts());
    }
    return this;
  }

  /** Sends and decodes the JSON answer to {@code type}. */
  public <T> T send(Class<T> type) {
    return sendBlocking(Objects.requireNonNull(type, "type"));
  }

  /** Sends and decodes to a generic type, e.g. {@code new TypeReference<List<User>>() {}}. */
  public <T> T send(TypeReference<T> type) {
    return sendBlocking(Objects.requireNonNull(type, "type").getType());
  }

  /** Async {@link #send(Class)}. */
  public <T> CompletableFuture<T> sendAsync(Class<T> type) {
    return sendAsync((Type) Objects.requireNonNull(type, "type"));
  }

  /** Async {@link #send(TypeReference)}. */
  public <T> CompletableFuture<T> sendAsync(TypeReference<T> type) {
    return sendAsync(Objects.requireNonNull(type, "type").getType());
  }

  /** Sends and returns the raw response (status, headers, bytes). */
  public Response exchange() {
    return sendBlocking(Response.class);
  }

  /** Async {@link #exchange()}. */
  public CompletableFuture<Response> exchangeAsync() {
    return sendAsync(Response.class);
  }

  <T> CompletableFuture<T> sendAsync(Type type) {
    return client.execute(buildRequest(), options(), type);
  }

  private <T> T sendBlocking(Type type) {
    return client.executeBlocking(buildRequest(), options(), type);
  }

  /** The message: method, path with query, headers, body. */
  private Request buildRequest() {
    if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
      throw new IllegalArgumentException(method + " " + path + " must not have a body");
    }
    Request.Builder b = Request.builder(method, query == null ? path : path + query).body(body)
        .pathTemplate(pathTemplate);
    if (headers != null) {
      for (String[] h : headers) {
        b.header(h[0], h[1]);
      }
    }
    return b.build();
  }

  private java.util.List<String[]> headers() {
    if (headers == null) {
      headers = new java.util.ArrayList<>(4);
    }
    return headers;
  }

  /** What the caller said beside the message, passed to the pipeline explicitly. */
  private CallOptions options() {
    return CallOptions.of(idempotent, hashKey, timeout, maxAttempts);
  }
}
