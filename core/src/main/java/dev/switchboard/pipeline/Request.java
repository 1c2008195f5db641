package dev.switchboard.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The message of an outbound call: method, path (already percent-encoded, with any query string),
 * headers (names lowercased) and body bytes. Immutable; use {@link #toBuilder()} to change a copy.
 * What the caller says about the call beside the message (idempotency, hash key, timeout) is in
 * {@link CallOptions}; what happens to one attempt (number, hedge, endpoint) is in
 * {@link Attempt}.
 *
 * <p>Header names and values containing CR or LF are rejected, so header injection is impossible.
 */
public final class Request {
  private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

  private final String method;
  private final String path;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final boolean markedIdempotent;
  private final boolean hedge;
  private final String hashKey;
  private final Object payload;
  private final String pathTemplate;

  private Request(Builder b) {
    this.method = b.method;
    this.path = b.path;
    if (b.headers == null || b.headers.isEmpty()) {
      this.headers = Map.of(); // most calls carry no header of their own: no map to copy
    } else {
      Map<String, List<String>> h = new LinkedHashMap<>();
      b.headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
      this.headers = Collections.unmodifiableMap(h);
    }
    this.body = b.body;
    this.markedIdempotent = b.markedIdempotent;
    this.hedge = b.hedge;
    this.hashKey = b.hashKey;
    this.payload = b.payload;
    this.pathTemplate = b.pathTemplate;
  }

  private Request(Request r, Object payload) {
    this.method = r.method;
    this.path = r.path;
    this.headers = r.headers;
    this.body = r.body;
    this.markedIdempotent = r.markedIdempotent;
    this.hedge = r.hedge;
    this.hashKey = r.hashKey;
    this.payload = payload;
    this.pathTemplate = r.pathTemplate;
  }

  /** A builder for {@code method path}. */
  public static Builder builder(String method, String path) {
    return new Builder(method, path);
  }

  /** The method, uppercase. */
  public String method() {
    return method;
  }

  /** The encoded path with query string, starting with {@code /}. */
  public String path() {
    return path;
  }

  /** The path without the query string, for logs and error messages. */
  public String pathWithoutQuery() {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  /**
   * The template the path was expanded from ({@code /users/{id}}), or null when unknown. Metrics
   * and span names use it instead of the path, which holds real ids; a call without one is
   * aggregated under a fixed placeholder ({@code CallInfo.UNKNOWN_TEMPLATE}), never its raw path.
   */
  public String pathTemplate() {
    return pathTemplate;
  }

  /** Headers with lowercase names. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of header {@code name}, or null. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The body, or null. The array must not be modified. */
  public byte[] body() {
    return body;
  }

  /**
   * The message as an object only its transport understands, sent instead of {@link #body()}, or
   * null. The gRPC transport puts its buffered call here (the typed request message, the
   * caller's metadata and listener), so each attempt replays the message with the method's own
   * marshaller rather than a byte copy. Filters see it as opaque; {@link #toBuilder()} keeps it.
   */
  public Object payload() {
    return payload;
  }

  /** A copy of this request carrying {@code payload}; shares everything else (one allocation). */
  public Request withPayload(Object payload) {
    return new Request(this, payload);
  }

  /**
   * The affinity key set with the deprecated {@link Builder#hashKey}, or null.
   *
   * @deprecated the key is a call option: {@link CallOptions#hashKey()}; still honoured when the
   *     options carry none
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public String hashKey() {
    return hashKey;
  }

  /**
   * What the deprecated {@link Builder#hedge} set; the pipeline never sets it, but still sends an
   * attempt of a request so marked as a hedge.
   *
   * @deprecated whether an attempt is a hedge is a per-attempt fact: {@link Attempt#hedge()}
   */
  @Deprecated(since = "0.2", forRemoval = true)
  public boolean hedge() {
    return hedge;
  }

  /**
   * True if the message itself says re-sending is safe: the method is idempotent (GET, HEAD,
   * OPTIONS, PUT, DELETE, TRACE), an {@code Idempotency-Key} header is present, or it was marked
   * with the deprecated {@link Builder#idempotent}. The retry engine also honours
   * {@link CallOptions#idempotent()}.
   */
  public boolean idempotent() {
    return markedIdempotent || IDEMPOTENT_METHODS.contains(method) || headers.containsKey("idempotency-key");
  }

  /** A builder initialized with this request. */
  public Builder toBuilder() {
    Builder b = new Builder(method, path);
    headers.forEach((k, v) -> b.headers().put(k, new ArrayList<>(v)));
    b.body = body;
    b.markedIdempotent = markedIdempotent;
    b.hedge = hedge;
    b.hashKey = hashKey;
    b.payload = payload;
    b.pathTemplate = pathTemplate;
    return b;
  }

  @Override
  public String toString() {
    return method + " " + pathWithoutQuery();
  }

  /** Builds {@link Request}s. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final String path;
    private Map<String, List<String>> headers; // made by the first header: most requests have none
    private byte[] body;
    private boolean markedIdempotent;
    private boolean hedge;
    private String hashKey;
    private Object payload;
    private String pathTemplate;

    private Builder(String method, String path) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      if (method.isEmpty()) {
        throw new IllegalArgumentException("invalid method: \"\"");
      }
      for (int i = 0; i < method.length(); i++) { // a loop, not a stream: this runs for every call
        char c = method.charAt(i);
        if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
          throw new IllegalArgumentException("invalid method: \"" + method + "\"");
        }
      }
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/': \"" + path + "\"");
      }
      checkNoCrLf("path", path);
      this.method = method.toUpperCase(Locale.ROOT);
      this.path = path;
    }

    /** Adds a header value. Names are lowercased. */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "header value for " + name);
      checkNoCrLf("header name", name);
      checkNoCrLf("header value of ", name, value); // the label is built only for the error
      if (name.isEmpty()) {
        throw new IllegalArgumentException("header name must not be empty");
      }
      headers().computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
      return this;
    }

    /** Replaces all values of a header. */
    public Builder setHeader(String name, String value) {
      headers().remove(Objects.requireNonNull(name, "header name").toLowerCase(Locale.ROOT));
      return header(name, value);
    }

    /** Removes a header. */
    public Builder removeHeader(String name) {
      headers().remove(name.toLowerCase(Locale.ROOT));
      return this;
    }

    /** Sets the body (may be null). The array is not copied and must not be modified later. */
    public Builder body(byte[] body) {
      this.body = body;
      return this;
    }

    /**
     * Marks the message idempotent, allowing retries and hedges of POST and PATCH.
     *
     * @deprecated a call option: {@link CallOptions.Builder#idempotent}; still honoured
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public Builder idempotent(boolean idempotent) {
      this.markedIdempotent = idempotent;
      return this;
    }

    /**
     * Marks every attempt of this request as a hedge (sent with {@code x-request-hedge: 1}, never
     * to an endpoint the call used).
     *
     * @deprecated per-attempt facts are on {@link Attempt}; the engine marks its hedges there
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public Builder hedge(boolean hedge) {
      this.hedge = hedge;
      return this;
    }

    /**
     * The affinity key for hashing balancers.
     *
     * @deprecated a call option: {@link CallOptions.Builder#hashKey}; still honoured when the
     *     options carry none
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public Builder hashKey(String hashKey) {
      this.hashKey = hashKey;
      return this;
    }

    /** See {@link Request#payload()}; null for none. */
    public Builder payload(Object payload) {
      this.payload = payload;
      return this;
    }

    /**
     * The template the path was expanded from, e.g. {@code /users/{id}} (null: unknown). Shown in
     * metrics and spans instead of the path; it must not hold the path's real values.
     *
     * @throws IllegalArgumentException if it does not start with {@code /}, or holds a query,
     *     CR or LF
     */
    public Builder pathTemplate(String template) {
      if (template != null) {
        if (!template.startsWith("/") || template.indexOf('?') >= 0) {
          throw new IllegalArgumentException("path template must start with '/' and hold no query: \"" + template + "\"");
        }
        checkNoCrLf("path template", template);
      }
      this.pathTemplate = template;
      return this;
    }

    public Request build() {
      return new Request(this);
    }

    private Map<String, List<String>> headers() {
      if (headers == null) {
        headers = new LinkedHashMap<>();
      }
      return headers;
    }

    static void checkNoCrLf(String what, String s) {
      checkNoCrLf(what, "", s);
    }

    /** {@code what + whose} names the value in the error. */
    private static void checkNoCrLf(String what, String whose, String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) {
          throw new IllegalArgumentException(what + whose + " contains CR, LF or NUL: \""
              + s.replace("\r", "\\r").replace("\n", "\\n") + "\"");
        }
      }
    }
  }
}
