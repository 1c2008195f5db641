package dev.switchboard.errors;

import java.time.Duration;
import java.util.Optional;

/**
 * The server answered with a failure status: {@link ErrorKind#CLIENT_ERROR},
 * {@link ErrorKind#SERVER_ERROR} or {@link ErrorKind#RATE_LIMITED}. Carries the transport's status
 * ({@link #status()}), what it means in transport-neutral words ({@link #code()}), a capped body
 * snippet and any pushback the server sent.
 */
public final class StatusException extends ServiceCallException {
  /** Body snippets are cut to this many characters. */
  public static final int MAX_SNIPPET = 256;

  private final int status;
  private final StatusCode code;
  private final String bodySnippet;
  private final Duration retryAfter;
  private final boolean doNotRetry;

  /**
   * A failure whose neutral {@link #code()} is read from {@code status}: an HTTP status
   * (100..599, {@link StatusCode#ofHttp}) or a gRPC code value (0..16, {@link StatusCode#ofGrpc}).
   *
   * @param status the HTTP status (or gRPC code value for gRPC)
   * @param bodySnippet the start of the body; cut to {@link #MAX_SNIPPET} characters
   * @param retryAfter the server's pushback, or null
   * @param doNotRetry true when the server said not to retry at all (negative pushback)
   */
  public StatusException(
      ErrorKind kind, int status, String bodySnippet, Duration retryAfter, boolean doNotRetry) {
    this(kind, status, status >= 100 ? StatusCode.ofHttp(status) : StatusCode.ofGrpc(status), bodySnippet,
        retryAfter, doNotRetry);
  }

  /**
   * @param status the transport's status (HTTP status, gRPC code value)
   * @param code what {@code status} means in transport-neutral words
   * @param bodySnippet the start of the body; cut to {@link #MAX_SNIPPET} characters
   * @param retryAfter the server's pushback, or null
   * @param doNotRetry true when the server said not to retry at all (negative pushback)
   */
  public StatusException(ErrorKind kind, int status, StatusCode code, String bodySnippet, Duration retryAfter,
      boolean doNotRetry) {
    super(kind, describe(status, bodySnippet), null);
    requireKind(kind, ErrorKind.CLIENT_ERROR, ErrorKind.SERVER_ERROR, ErrorKind.RATE_LIMITED);
    this.status = status;
    this.code = java.util.Objects.requireNonNull(code, "code");
    this.bodySnippet = cap(bodySnippet);
    this.retryAfter = retryAfter;
    this.doNotRetry = doNotRetry;
  }

  /** The transport's status: the HTTP status, or the gRPC code value. */
  public int status() {
    return status;
  }

  /** What the status means, in words every transport maps onto. */
  public StatusCode code() {
    return code;
  }

  /** The start of the response body, at most {@link #MAX_SNIPPET} characters. */
  public String bodySnippet() {
    return bodySnippet;
  }

  /** True when the server sent a negative pushback: do not retry this call at any layer. */
  public boolean doNotRetry() {
    return doNotRetry;
  }

  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean retryable() {
    return !doNotRetry && super.retryable();
  }

  static String cap(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_SNIPPET));
    for (int i = 0; i < s.length() && sb.length() < MAX_SNIPPET; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 && c != ' ' ? ' ' : c); // keep snippets on one line
    }
    if (s.length() > MAX_SNIPPET) {
      sb.append("...");
    }
    return sb.toString();
  }

  private static String describe(int status, String snippet) {
    String s = cap(snippet);
    return "status " + status + (s.isEmpty() ? "" : ": " + s);
  }
}
