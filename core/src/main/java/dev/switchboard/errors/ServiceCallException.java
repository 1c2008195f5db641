package dev.switchboard.errors;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked exception every Switchboard call fails with. The hierarchy is sealed: switch
 * on the subtype or on {@link #kind()}.
 *
 * <p>The message names the service, method and path, endpoint, attempt count, elapsed time and
 * correlation id once the call has finished ({@link #details()}); body snippets are capped and
 * credentials are never included.
 *
 * <p>Instances are created on transport threads and handed to the caller once; the call details
 * are set exactly once, by the pipeline, before the caller sees the exception.
 */
public abstract sealed class ServiceCallException extends RuntimeException
    permits TransportException,
        StatusException,
        RejectedCallException,
        DeadlineExceededException,
        CancelledCallException,
        ProtocolException {

  private final ErrorKind kind;
  private final String detail;
  private volatile CallDetails details;
  private volatile String retryRefusal;

  protected ServiceCallException(ErrorKind kind, String detail, Throwable cause) {
    super(detail, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  /** Why the call failed. */
  public ErrorKind kind() {
    return kind;
  }

  /** True if another attempt could succeed; false when the server asked not to retry. */
  public boolean retryable() {
    return kind.retryable();
  }

  /** How long the server asked us to wait before calling that endpoint again, if it did. */
  public Optional<Duration> retryAfter() {
    return Optional.empty();
  }

  /** The call details, once the call has finished. */
  public Optional<CallDetails> details() {
    return Optional.ofNullable(details);
  }

  /** Why a further retry was refused (budget, pushback, attempts), if one was. */
  public Optional<String> retryRefusal() {
    return Optional.ofNullable(retryRefusal);
  }

  /** The failure detail without call details. */
  public String detail() {
    return detail;
  }

  /** Records the finished call's details; the first caller wins. Pipeline use. */
  public ServiceCallException completeWith(CallDetails callDetails) {
    if (details == null) {
      details = Objects.requireNonNull(callDetails, "callDetails");
    }
    return this;
  }

  /** Records why a further retry was refused. Pipeline use. */
  public ServiceCallException recordRetryRefusal(String reason) {
    this.retryRefusal = reason;
    return this;
  }

  @Override
  public String getMessage() {
    StringBuilder sb = new StringBuilder(kind.name()).append(": ").append(detail);
    CallDetails d = details;
    if (d != null) {
      sb.append(" [").append(d).append(']');
    }
    String refusal = retryRefusal;
    if (refusal != null) {
      sb.append(" (retry refused: ").append(refusal).append(')');
    }
    return sb.toString();
  }

  static void requireKind(ErrorKind kind, ErrorKind... allowed) {
    for (ErrorKind k : allowed) {
      if (k == kind) {
        return;
      }
    }
    throw new IllegalArgumentException("kind " + kind + " not allowed here");
  }
}
